"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import threading
import time
from datetime import date

import pytest

from conftest import PASSWORD, build_world
from projects.tests.conftest import ROUND_2025

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db):
    """Live-server tests flush the database after each test; rebuild the shared data first."""
    build_world()


@pytest.fixture
def page(browser, live_server, world):
    """A fresh phone-sized page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="lo-LA")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base_url = live_server.url
    yield page
    context.close()


SIGN_IN_LABELS = {  # (email, password, button) of the sign-in form in each language
    "lo": ("ທີ່ຢູ່ອີເມວ", "ລະຫັດຜ່ານ", "ເຂົ້າສູ່ລະບົບ"),
    "en": ("Email address", "Password", "Sign in"),
}


def sign_in_on(page, base_url: str, email: str, language: str = "lo") -> None:
    """Signs `page` in as `email` (password PASSWORD) through the sign-in form in `language`."""
    email_label, password_label, button = SIGN_IN_LABELS[language]
    page.goto(f"{base_url}/{language}/accounts/sign-in/")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def sign_in(browser, base_url: str, email: str, **context_options):
    """A new phone-sized page, signed in as `email` through the Lao sign-in form; it records console
    errors and uncaught exceptions in `page.errors`."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="lo-LA", **context_options)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    sign_in_on(page, base_url, email)
    return page


@pytest.fixture
def open_report(world):
    """An open reporting round with organization A's report due, for one of its projects:
    (the report's path under /en/, the project)."""
    from accounts.models import User
    from core.models import Province, SectorGroup
    from directory.models import Organization
    from projects import services

    org_a = Organization.objects.get(acronym="BNCDA")
    secretariat = User.objects.get(email="secretariat@test.laocso.org")
    project = services.project_create(
        organization=org_a,
        data={
            "title_lo": "ນ້ຳສະອາດ ບ້ານນາ",
            "title_en": "Clean water for Ban Na",
            "status": "ongoing",
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2026, 12, 31),
            "sector_group": SectorGroup.objects.get(code="FARD"),
            "visibility": "public",
        },
        m2m={},
        locations=[{"province": Province.objects.get(code="LA13")}],
        partners=[],
        by=None,
    )
    reporting_round = services.round_open(
        data=dict(ROUND_2025),
        by=secretariat,
    )
    return f"/en/projects/rounds/{reporting_round.pk}/{org_a.slug}/", project


# == Pages, figures and a production-like server for the page-weight, accessibility and slow-link tests ==

# The main pages: (name, path) — `{org}` is the slug of a member organization. One line per page; the
# page-weight, accessibility, slow-link and screenshot tests all go through this list.
MAIN_PAGES = [
    ("home", "/{lang}/"),
    ("directory", "/{lang}/directory/"),
    ("profile", "/{lang}/directory/{org}/"),
    ("about", "/{lang}/about/"),
    ("search", "/{lang}/search/?q=ບ້ານນາ"),
    ("apply", "/{lang}/directory/apply/"),
    ("sign-in", "/{lang}/accounts/sign-in/"),
    ("dashboard", "/{lang}/dashboards/"),
    ("projects", "/{lang}/projects/"),
    ("committee", "/{lang}/governance/committee/"),
    ("sector", "/{lang}/governance/sectors/FARD/"),
    ("news", "/{lang}/news/"),
    ("events", "/{lang}/events/"),
    ("documents", "/{lang}/documents/"),
]


@pytest.fixture
def main_pages(world):
    """[(name, path)] of the main pages in Lao and English: `main_pages("lo")`."""
    from directory.models import Organization

    org = Organization.objects.get(acronym="BNCDA").slug
    return lambda lang: [(name, path.format(lang=lang, org=org)) for name, path in MAIN_PAGES]


_FIGURES: dict[str, list[str]] = {}


@pytest.fixture(scope="session")
def figures():
    """`figures(section, line)` records a measured figure; all are printed at the end of the run."""
    return lambda section, line: _FIGURES.setdefault(section, []).append(line)


def pytest_terminal_summary(terminalreporter):
    for section, lines in _FIGURES.items():
        terminalreporter.section(section)
        for line in lines:
            terminalreporter.line(line)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic as in production: hashed names and .gz/.br copies (whitenoise's storage); the
    admin's files are left out (no main page uses them, and compressing them takes seconds)."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return root


PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


class CountingApp:
    """Wraps the WSGI app and records what each response puts on the wire (status line, headers, body)."""

    SERVER_HEADERS = len("Date: Wed, 01 Jan 2025 00:00:00 GMT\r\nServer: WSGIServer/0.2 CPython/3.11.0\r\n")

    def __init__(self, app):
        self.app = app
        self.log: list[tuple[str, int, int]] = []  # (path, status, bytes)

    def __call__(self, environ, start_response):
        seen = {}

        def counting_start_response(status, headers, exc_info=None):
            seen["status"] = int(status.split()[0])
            seen["bytes"] = (
                len(f"HTTP/1.1 {status}\r\n")
                + sum(len(f"{name}: {value}\r\n".encode()) for name, value in headers)
                + self.SERVER_HEADERS
                + 2
            )
            return start_response(status, headers, exc_info)

        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        result = self.app(environ, counting_start_response)
        try:
            for chunk in result:
                seen["bytes"] += len(chunk)
                yield chunk
        finally:
            if hasattr(result, "close"):
                result.close()
            self.log.append((path, seen.get("status", 0), seen.get("bytes", 0)))


@pytest.fixture
def production_server(world, collected_static, settings):
    """A live server configured like production for static files: hashed names, compressed files and
    far-future caching by whitenoise (the test live server serves static/ without any of that). It
    counts the bytes of every response in `server.log`."""
    from django.db import connections
    from django.test.testcases import LiveServerThread

    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    counting = {}

    def handler(app):
        counting["app"] = CountingApp(app)
        return counting["app"]

    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    thread = LiveServerThread("localhost", static_handler=handler, connections_override=shared)
    thread.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    server = type("Server", (), {})()
    server.url = f"http://localhost:{thread.port}"
    server.log = counting["app"].log
    yield server
    thread.terminate()
    # Requests cut short by a closed page may still be finishing in their own threads.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        "process_request_thread" in worker.name for worker in threading.enumerate()
    ):
        time.sleep(0.05)
    for connection in shared.values():
        connection.dec_thread_sharing()
