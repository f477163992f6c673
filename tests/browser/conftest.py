"""Fixtures of the real-browser suite: one Chromium per session, a fresh French browser
context per test, served by a live server of the portal, on a small portal built with
factories.

Two ways to get a page (see tests/browser/README.md):

- ``page`` + ``portal_site``: a fresh database for the test (transactional, the migrations'
  data restored), for journeys that write: register, confirm, moderate, publish.
- ``shared_page`` + ``shared_site``: one site built once per test module and served
  read-only, for accessibility audits, keyboard and layout checks. Much faster on PostgreSQL
  (no flush per test); the test must not change data.

Every test in this folder gets the ``browser`` marker (``make test-fast`` leaves them out)
and runs after the rest of the suite.
"""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.env import CHROMIUM_ARGS, ROOT, chromium_executable, missing_tool
from tests.browser.helpers import DESKTOP
from tests.browser.site import build_portal_site

HERE = Path(__file__).resolve().parent
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / ".browser-artifacts"))
TEST_PASSWORD = "mot-de-passe-des-tests-navigateur"
DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_serialized_rollback"}


def _is_browser_test(item):
    return HERE in Path(str(item.path)).resolve().parents


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    # Before the other hooks: mark, so that ``-m "not browser"`` deselects these tests, and
    # give every browser test that touches the test database the same mode (transactional,
    # the migrations' data restored): mixing modes would break the restoration.
    # Tests on the shared site are plain database tests (pytest-django creates the test
    # database for them; their empty transaction is rolled back).
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            fixtures = set(getattr(item, "fixturenames", ()))
            if "shared_site" in fixtures:
                item.add_marker(pytest.mark.django_db)
            elif DB_FIXTURES & fixtures:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    result = yield
    # After them (pytest-django sorts by database use): browser tests last, so that the
    # Playwright event loop, the async-unsafe switch and the emptied database they leave
    # behind meet no other test.
    items.sort(key=_is_browser_test)
    return result


def pytest_terminal_summary(terminalreporter):
    """One line at the end of the run when browser tests were skipped, and why."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if report.nodeid.startswith("tests/browser/")
    ]
    if not skipped:
        return
    reasons = sorted({str(report.longrepr[-1]).removeprefix("Skipped: ") for report in skipped})
    terminalreporter.write_sep("!", f"{len(skipped)} test(s) navigateur ignoré(s)", yellow=True)
    for reason in reasons:
        terminalreporter.write_line(f"  {reason}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


# --- Database ----------------------------------------------------------------------------------


def _flush_database():
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memorydb" in name or name == ":memory:"):
        raise RuntimeError(f"Refus de vider {name!r} : ce n'est pas une base de test.")
    # Sequences kept: restored rows take their old ids, new rows must not reuse them.
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )


def _restore_migrated_data():
    """Empty the test database and reload what the migrations left in it (root page, default
    site, groups and their permissions, moderation workflow)."""
    from django.db import connection

    _flush_database()
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="session")
def clean_database(django_db_setup, django_db_blocker):
    """Empty the database once before the first browser test.

    A transactional test without serialized rollback (elsewhere in the suite) leaves content
    types and permissions recreated with other ids, on which restoring the migrations' data
    would fail; an empty database takes that data as it was right after migrating."""
    from django.db import connection

    with django_db_blocker.unblock():
        if not hasattr(connection, "_test_serialized_contents"):
            # Only shared-site tests were selected: pytest-django did not keep the migrations'
            # data, keep it now (the earlier tests rolled their changes back).
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        _flush_database()


@pytest.fixture
def browser_db(clean_database, live_server, django_db_serialized_rollback):
    """A transactional test database shared with pytest-django's live server, emptied after
    the test; the migrations' data is reloaded before it."""
    return live_server


# --- Browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, launched once per session (skipped, or failed under CI=true,
    when it is missing)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("Playwright n'est pas installé (pip install -e '.[dev]')")
    executable = chromium_executable()
    if executable is None:
        missing_tool("Chromium introuvable (paquet Debian « chromium », ou CHROMIUM_PATH)")

    # Playwright's sync API keeps an event loop running in the main thread; Django would
    # refuse database access from the test code without this switch.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a running loop, Django keeps its connections per asyncio context instead of per
    # thread: the test code would get new connection objects, without the test database's
    # serialized data. Hand it the thread's own connections again.
    from django.db import connections

    thread_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except PlaywrightError as error:
        playwright.stop()
        missing_tool(f"Chromium ({executable}) ne démarre pas : {str(error).splitlines()[0]}")
    yield chromium
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def viewport():
    """Window size of the test's browser context; parametrise it to change it:
    ``@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)``."""
    return DESKTOP


@contextmanager
def _open_page(browser, base_url, viewport, request):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris", viewport=viewport
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems = []
    tab.on(
        "console",
        lambda message: (
            problems.append(f"CSP : {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    tab.on("pageerror", lambda error: problems.append(f"Erreur JavaScript : {error}"))
    tab.reported_problems = problems  # read (and emptied) by the tests of the harness itself
    yield tab

    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        _save_artifacts(tab, request.node.nodeid)
    context.close()
    if problems:
        pytest.fail("La page a signalé :\n- " + "\n- ".join(problems), pytrace=False)


def _save_artifacts(tab, nodeid):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid)[-150:]
    try:
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(tab.content(), encoding="utf-8")
    except Exception as error:
        print(f"Capture impossible : {error}")
    else:
        print(f"Capture de la page : {ARTIFACTS / name}.png (+ .html)")


@pytest.fixture
def page(browser, browser_db, viewport, request):
    """A page in a new browser context: French locale, Paris time, ``viewport`` size, relative
    URLs resolved against the live server (``page.goto("/plan-du-site/")``); the test has a
    fresh database (``portal_site`` fills it).

    The test fails if the page hit a Content-Security-Policy violation or an uncaught
    JavaScript error. On failure a screenshot and the HTML go to .browser-artifacts/."""
    with _open_page(browser, str(browser_db.url), viewport, request) as tab:
        yield tab


# --- Content and people ------------------------------------------------------------------------


@pytest.fixture
def portal_site(browser_db):
    """The small portal of tests/browser/site.py (home, legal pages, site map, a guide with
    every block), built for this test, as a ``PortalSite`` (``urls()`` maps names to paths)."""
    return build_portal_site()


@dataclass
class Account:
    user: object
    username: str
    password: str


def _account(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=TEST_PASSWORD,
        first_name=username.capitalize(),
    )
    user.groups.add(Group.objects.get(name=group_name))
    return Account(user=user, username=username, password=TEST_PASSWORD)


@pytest.fixture
def moderator(browser_db, django_user_model):
    """A member of "Modérateurs" (publishes, approves); log in with ``log_into_admin``."""
    return _account(django_user_model, "moderatrice", "Modérateurs")


@pytest.fixture
def editor(browser_db, django_user_model):
    """A member of "Éditeurs" (edits, submits for moderation, cannot publish)."""
    return _account(django_user_model, "editeur", "Éditeurs")


# --- Shared, read-only site ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_server(clean_database):
    """A second live server, for the read-only site shared by a module's tests."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def build_shared_site():
    """The function that builds a module's shared site: ``build_portal_site`` by default.

    Override it in a test module to add the module's pages (runs with database access)::

        @pytest.fixture(scope="module")
        def build_shared_site():
            def build():
                site = build_portal_site()
                site.add("opportunites", OpportunityIndexPageFactory(parent=site.home))
                return site
            return build
    """
    return build_portal_site


@pytest.fixture(scope="module")
def shared_site(clean_database, browser, shared_server, build_shared_site, django_db_blocker):
    """A ``PortalSite`` built once for the test module and left untouched by its tests.

    The database stays reachable (read it, do not write) until the module ends; it is then
    emptied for the next tests."""
    with django_db_blocker.unblock():
        _restore_migrated_data()
        site = build_shared_site()
        yield site
        _flush_database()


@pytest.fixture
def shared_page(browser, shared_server, shared_site, viewport, request):
    """Like ``page``, on the module's ``shared_site``, with no database of its own."""
    with _open_page(browser, str(shared_server.url), viewport, request) as tab:
        yield tab
