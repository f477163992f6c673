"""Helpers for browser journeys: accessibility audit, viewport and focus checks, keyboard
navigation and the e-mails the live server sent.

Import them in a journey module::

    from tests.browser.helpers import MOBILE, VIEWPORTS, axe_check, assert_in_viewport

Every helper fails with a message that says what was expected and what the page showed, so
that a failing journey can be understood from the test report alone."""

import re
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail

from tests.browser.env import AXE_PATH, missing_tool

# Viewports: pass one to the ``viewport`` fixture by parametrising it, e.g.
# ``@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)``.
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 667}
# WCAG 1.4.10 (RGAA 10.11): content reflows without horizontal scrolling at 320 CSS pixels.
NARROW = {"width": 320, "height": 568}
VIEWPORTS = [DESKTOP, MOBILE]
VIEWPORT_IDS = ["bureau", "mobile"]

# WCAG 2.0 and 2.1, levels A and AA: what RGAA 4.1 requires.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- Accessibility ---------------------------------------------------------------------------


def axe_violations(page, *, include=None, exclude=None, disable_rules=()):
    """Run axe-core on the current page with the WCAG 2.1 A/AA rules; return the violations.

    ``include``/``exclude`` are CSS selectors restricting the audit; ``disable_rules`` lists
    axe rule ids to switch off (justify every use in a comment: it hides a defect)."""
    _inject_axe(page)
    context = {}
    if include:
        context["include"] = [include] if isinstance(include, str) else list(include)
    if exclude:
        context["exclude"] = [exclude] if isinstance(exclude, str) else list(exclude)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable_rules},
    }
    results = page.evaluate(
        "([context, options]) => axe.run(Object.keys(context).length ? context : document, options)",
        [context, options],
    )
    return results["violations"]


def axe_check(page, **kwargs):
    """Fail with rule, impact, help text, help URL and elements if axe-core finds any WCAG 2.1
    A/AA violation on the current page (same arguments as ``axe_violations``)."""
    violations = axe_violations(page, **kwargs)
    if violations:
        pytest.fail(format_violations(violations, page), pytrace=False)


def assert_pages_accessible(page, paths, *, expected_status=200):
    """Visit each path, audit it with axe and check it does not scroll sideways; fail once, at
    the end, listing every page with violations (or with an unexpected status). ``paths`` maps a name to a path, or to
    ``(path, status)`` for pages that answer with another status (404 page)."""
    reports = []
    for name, target in paths.items():
        path, status = target if isinstance(target, tuple) else (target, expected_status)
        response = page.goto(path)
        if response is None or response.status != status:
            got = response.status if response is not None else "aucune réponse"
            reports.append(f"{name} ({path}) : statut {got}, attendu {status}")
            continue
        violations = axe_violations(page)
        if violations:
            reports.append(f"{name} ({path}) :\n" + format_violations(violations, page))
        overflow = horizontal_overflow(page)
        if overflow:
            reports.append(f"{name} ({path}) : {overflow}")
    if reports:
        pytest.fail("\n\n".join(reports), pytrace=False)


def _inject_axe(page):
    if page.evaluate("() => typeof window.axe !== 'undefined'"):
        return
    if not AXE_PATH.is_file():
        missing_tool(f"axe-core introuvable ({AXE_PATH}) : lancez « make browser-deps » (npm)")
    # Injected through the DevTools protocol, which the page's Content-Security-Policy does
    # not apply to: the portal's strict CSP stays on during the audit.
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))


def format_violations(violations, page=None):
    """axe violations as a readable report: rule, impact, help text, help URL, elements."""
    where = ""
    if page is not None:
        size = page.viewport_size or {}
        where = f" sur {page.url} ({size.get('width')}×{size.get('height')})"
    lines = [f"axe-core : {len(violations)} règle(s) WCAG 2.1 A/AA non respectée(s){where}"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact') or '?'}] {violation['help']}")
        lines.append(f"  aide : {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(_target_to_text(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"  élément : {target}")
            if summary:
                lines.append(f"    {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"  … et {len(violation['nodes']) - 10} autre(s) élément(s)")
    return "\n".join(lines)


def _target_to_text(part):
    # axe targets are selectors, or lists of selectors across shadow roots / iframes.
    return " >>> ".join(part) if isinstance(part, list) else str(part)


# --- Layout ----------------------------------------------------------------------------------


def assert_in_viewport(page, selector, *, fully=True):
    """The element is visible in the current viewport without scrolling.

    With ``fully=False`` it is enough that part of the element shows."""
    locator = page.locator(selector).first
    if locator.count() == 0:
        pytest.fail(f"« {selector} » est absent de {page.url}", pytrace=False)
    if not locator.is_visible():
        pytest.fail(f"« {selector} » est présent mais masqué sur {page.url}", pytrace=False)
    box = locator.bounding_box()
    size = page.viewport_size
    top, left = box["y"], box["x"]
    bottom, right = top + box["height"], left + box["width"]
    if fully:
        inside = top >= 0 and left >= 0 and bottom <= size["height"] and right <= size["width"]
    else:
        inside = bottom > 0 and right > 0 and top < size["height"] and left < size["width"]
    if not inside:
        pytest.fail(
            f"« {selector} » n'est pas {'entièrement ' if fully else ''}visible sans défiler "
            f"dans une fenêtre de {size['width']}×{size['height']} : "
            f"boîte x={left:.0f} y={top:.0f} largeur={box['width']:.0f} "
            f"hauteur={box['height']:.0f} ({page.url})",
            pytrace=False,
        )


_OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const culprits = [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .filter((el) => !el.closest(".visually-hidden, .skip-links"))
        .slice(0, 5)
        .map((el) => {
            const classes = [...el.classList].map((c) => "." + c).join("");
            return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}`
                + ` (jusqu'à ${Math.round(el.getBoundingClientRect().right)} px)`;
        });
    return {width, scrollWidth: document.documentElement.scrollWidth, culprits};
}"""


def horizontal_overflow(page):
    """A sentence naming what makes the page scroll sideways, or "" when nothing does."""
    overflow = page.evaluate(_OVERFLOW_JS)
    if not overflow:
        return ""
    return (
        f"la page défile horizontalement ({overflow['scrollWidth']} px de contenu pour "
        f"{overflow['width']} px de fenêtre) à cause de : {', '.join(overflow['culprits'])}"
    )


def assert_no_horizontal_scroll(page):
    """The page fits the window's width (WCAG 1.4.10 reflow, checked at 320 px by NARROW)."""
    overflow = horizontal_overflow(page)
    if overflow:
        pytest.fail(f"{page.url} : {overflow}", pytrace=False)


# --- Keyboard and focus ----------------------------------------------------------------------

_FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id || "",
        text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 80),
        href: el.getAttribute("href") || "",
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        outlineColor: style.outlineColor,
        boxShadow: style.boxShadow,
        x: rect.x, y: rect.y, width: rect.width, height: rect.height,
        viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
    };
}"""


def focused(page):
    """A description of the focused element (tag, id, text, href, outline, box), or None."""
    return page.evaluate(_FOCUSED_JS)


def describe(info):
    if info is None:
        return "aucun élément (le focus est sur la page)"
    label = f"<{info['tag']}"
    if info["id"]:
        label += f" id={info['id']}"
    if info["href"]:
        label += f" href={info['href']}"
    return f"{label}> « {info['text']} »"


def assert_focus_visible(page, *, min_outline=2):
    """The focused element shows a focus indicator (outline ≥ ``min_outline`` px, or a box
    shadow) and lies, at least partly, inside the viewport."""
    info = focused(page)
    if info is None:
        pytest.fail(f"Aucun élément n'a le focus sur {page.url}", pytrace=False)
    has_outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= min_outline
    has_shadow = info["boxShadow"] not in ("", "none")
    if not (has_outline or has_shadow):
        pytest.fail(
            f"Le focus n'est pas visible sur {describe(info)} : contour "
            f"{info['outlineStyle']} {info['outlineWidth']}px, ombre {info['boxShadow']}",
            pytrace=False,
        )
    on_screen = (
        info["width"] > 1
        and info["height"] > 1
        and info["x"] + info["width"] > 0
        and info["y"] + info["height"] > 0
        and info["x"] < info["viewportWidth"]
        and info["y"] < info["viewportHeight"]
    )
    if not on_screen:
        pytest.fail(
            f"L'élément qui a le focus est hors de l'écran : {describe(info)} "
            f"(x={info['x']:.0f}, y={info['y']:.0f}, {info['width']:.0f}×{info['height']:.0f})",
            pytrace=False,
        )
    return info


def tab_until(page, selector, *, max_tabs=40, check_focus=True, shift=False):
    """Press Tab (Shift+Tab with ``shift``) until the element matching ``selector`` has the
    focus; every element met on the way must show a visible focus when ``check_focus``.

    Returns the descriptions of the elements met, the target last. Fails when the target is
    not reached within ``max_tabs`` presses, listing the path taken."""
    key = "Shift+Tab" if shift else "Tab"
    path = []
    for _ in range(max_tabs):
        page.keyboard.press(key)
        info = focused(page)
        path.append(describe(info))
        if check_focus and info is not None:
            assert_focus_visible(page)
        if page.evaluate("(sel) => !!document.activeElement?.matches(sel)", selector):
            return path
    pytest.fail(
        f"« {selector} » n'est pas atteint en {max_tabs} appuis sur {key}. Parcours : "
        + " → ".join(path),
        pytrace=False,
    )


def assert_focused(page, selector):
    """The element matching ``selector`` has the keyboard focus."""
    if not page.evaluate("(sel) => !!document.activeElement?.matches(sel)", selector):
        pytest.fail(
            f"Le focus devrait être sur « {selector} », il est sur {describe(focused(page))}",
            pytrace=False,
        )


# --- E-mails sent by the live server ----------------------------------------------------------
# The live server runs in a thread of the test process: with the locmem backend its messages
# land in the same ``django.core.mail.outbox`` list (emptied by pytest-django before each test).

URL_RE = re.compile(r"https?://[^\s<>\"')]+")


def sent_emails(*, to=None, subject_contains=None):
    """Messages sent so far in this test, optionally filtered by recipient and subject."""
    messages = list(getattr(mail, "outbox", []))
    if to is not None:
        messages = [m for m in messages if to in m.to]
    if subject_contains is not None:
        messages = [m for m in messages if subject_contains in m.subject]
    return messages


def wait_for_email(*, to=None, subject_contains=None, timeout=5.0):
    """The latest matching message, waiting up to ``timeout`` seconds for the server to send it."""
    deadline = time.monotonic() + timeout
    while True:
        messages = sent_emails(to=to, subject_contains=subject_contains)
        if messages:
            return messages[-1]
        if time.monotonic() > deadline:
            sent = [(m.subject, m.to) for m in sent_emails()]
            pytest.fail(
                f"Aucun courriel (destinataire={to!r}, sujet contenant {subject_contains!r}) "
                f"après {timeout:.0f} s. Courriels envoyés : {sent}",
                pytrace=False,
            )
        time.sleep(0.05)


def links_in_email(message):
    """Every http(s) link of the message, text body first then HTML alternatives, deduplicated."""
    bodies = [message.body or ""]
    bodies += [content for content, _mime in getattr(message, "alternatives", [])]
    links = []
    for body in bodies:
        for link in URL_RE.findall(body.replace("&amp;", "&")):
            link = link.rstrip(".,;:!?»")
            if link not in links:
                links.append(link)
    return links


def on_live_server(url, live_server):
    """``url`` with its scheme and host replaced by the live server's (e-mails may be built
    with WAGTAILADMIN_BASE_URL or another host name)."""
    base = urlsplit(str(live_server.url))
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def email_link(live_server, *, to=None, subject_contains=None, contains="", timeout=5.0):
    """The link containing ``contains`` in the latest matching e-mail, pointed at the live
    server, ready for ``page.goto``."""
    message = wait_for_email(to=to, subject_contains=subject_contains, timeout=timeout)
    links = [link for link in links_in_email(message) if contains in link]
    if not links:
        pytest.fail(
            f"Pas de lien contenant {contains!r} dans le courriel « {message.subject} » : "
            f"{links_in_email(message)}",
            pytrace=False,
        )
    return on_live_server(links[0], live_server)


# --- Files to upload ---------------------------------------------------------------------------


def image_file(directory, name="logo.png", size=(240, 120), colour="#1d4f91"):
    """Write a real image (format from the extension) in ``directory`` (e.g. ``tmp_path``)
    and return its path, for ``locator.set_input_files(...)``."""
    from PIL import Image

    path = directory / name
    Image.new("RGB", size, colour).save(path)
    return path


# --- Admin ------------------------------------------------------------------------------------


def log_into_admin(page, username, password):
    """Log into the Wagtail admin through its login form, as a person would."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))


def click_publish(page):
    """Click "Publier" on a Wagtail editor page, opening the footer's action menu if needed."""
    publish = page.locator("button[name=action-publish]")
    if not publish.is_visible():
        footer = page.get_by_role("navigation", name="Actions (pied de page)")
        footer.get_by_role("button", name="Plus d'actions").click()
    publish.click()
