"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os

import pytest

from conftest import build_world

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
