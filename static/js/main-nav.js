// Main menu on small screens: folded behind a "Menu" button, so that a phone shows the page's
// start (and the EU emblem of a co-funded convention) without scrolling. Escape folds it again
// and gives the focus back to the button. Without this file the menu is simply always open.
(function () {
  "use strict";

  var nav = document.getElementById("navigation");
  var button = nav && nav.querySelector(".main-nav__toggle");
  if (!button) {
    return;
  }
  nav.classList.add("main-nav--foldable");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      if (button.offsetParent !== null) {
        button.focus();
      }
    }
  });
})();
