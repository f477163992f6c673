// Wagtail 7.4 editor forms: a submission ("Publier", "Enregistrer le brouillon"…) never races
// an autosave. Loaded on every editor page by portal/wagtail_hooks.py (insert_editor_js).
//
// Wagtail's autosave (the "w-autosave" controller of the editor form) posts the form in the
// background. On an "add" form, the first autosave creates the page as a draft and only then,
// when its answer comes back, points the form at the new page's edit view. A submission sent
// in between (autosave waiting for its 500 ms delay, or on the way) still goes to the "add"
// view: it collides with the draft the autosave has just created ("slug already in use"), the
// add form comes back, and every new attempt fails the same way. It happens whenever someone
// clicks right after typing, for example after a refused publication (commitments' EU
// visibility rules) re-renders the add form, which Wagtail autosaves at once.
//
// While an autosave is pending, the submission is held and sent once the autosave has settled,
// to the address the form has then (the edit view of the saved draft). Autosave is switched off
// once a submission leaves: no background save can overtake it.
(function () {
  "use strict";

  var MAX_WAIT_MS = 15000;
  var pending = new WeakSet(); // forms with an autosave not settled yet
  var held = new WeakMap(); // form -> the held submission's button ({name, value} or null)

  function autosaveForm(target) {
    return target instanceof HTMLFormElement && target.matches("[data-controller~='w-autosave']")
      ? target
      : null;
  }

  function stopAutosave(form) {
    form.setAttribute("data-w-autosave-active-value", "false");
  }

  function release(form) {
    if (!held.has(form)) {
      return;
    }
    var button = held.get(form);
    held.delete(form);
    pending.delete(form);
    if (button) {
      // The button may have been replaced meanwhile (the edit view's action menu): send its
      // name and value with the form instead.
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = button.name;
      input.value = button.value;
      form.appendChild(input);
    }
    form.requestSubmit();
  }

  document.addEventListener("w-autosave:save", function (event) {
    var form = autosaveForm(event.target);
    if (form && !event.defaultPrevented) {
      pending.add(form);
    }
  });

  function settled(event) {
    var form = autosaveForm(event.target);
    if (!form) {
      return;
    }
    pending.delete(form);
    release(form);
  }

  document.addEventListener("w-autosave:success", settled);
  document.addEventListener("w-autosave:error", settled);

  // Capture phase on the document: before Wagtail's own submit handlers on the form.
  document.addEventListener(
    "submit",
    function (event) {
      var form = autosaveForm(event.target);
      if (!form) {
        return;
      }
      stopAutosave(form);
      if (!pending.has(form)) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (held.has(form)) {
        return; // a second click while waiting: the first one is still to be sent
      }
      var submitter = event.submitter;
      held.set(form, submitter && submitter.name ? { name: submitter.name, value: submitter.value } : null);
      window.setTimeout(function () {
        release(form);
      }, MAX_WAIT_MS);
    },
    true
  );
})();
