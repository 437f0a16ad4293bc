"""Crawl every page reachable by links, as a visitor and as signed-in people, and check what every
page must have: security headers, no inline script or style, no server error, no private caching
of signed-in pages."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db
MAX_PAGES = 300
VARIANTS_PER_PATH = 3  # filter and page links multiply; a few of each path's query strings suffice
SKIP = re.compile(r"/(admin|static|media)/|/sign-out/|/export\.|\.ics$|/feeds?/|/download/")


class Page(HTMLParser):
    """Collects links, inline scripts and style attributes of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.inline_scripts, self.style_attributes = [], 0, 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "script":
            # json_script data blocks are not executed; anything else must come from a file.
            if not attrs.get("src") and attrs.get("type") != "application/json":
                self.inline_scripts += 1
        if "style" in attrs:
            self.style_attributes += 1
        if any(name.startswith("on") for name in attrs):
            self.inline_scripts += 1


def crawl(client, starts: list[str]) -> dict[str, object]:
    seen, queue, responses, variants = set(), list(starts), {}, {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or SKIP.search(url) or variants.get(path, 0) >= VARIANTS_PER_PATH:
            continue
        seen.add(url)
        variants[path] = variants.get(path, 0) + 1
        response = client.get(url, secure=True)
        responses[url] = response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Page()
        parser.feed(response.content.decode())
        response.parsed = parser
        for link in parser.links:
            link = urldefrag(link)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(link)
    return responses


def check(responses: dict, *, signed_in: bool) -> list[str]:
    problems = []
    for url, response in responses.items():
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        csp = response.get("Content-Security-Policy", "")
        if "unsafe-inline" in csp or "script-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            problems.append(f"{url}: CSP {csp!r}")
        for header, value in [
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
        ]:
            if response.get(header) != value:
                problems.append(f"{url}: {header} {response.get(header)!r}")
        if "Permissions-Policy" not in response or "Strict-Transport-Security" not in response:
            problems.append(f"{url}: Permissions-Policy or HSTS missing")
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{url}: a signed-in page without Cache-Control: no-store")
        parsed = getattr(response, "parsed", None)
        if parsed and (parsed.inline_scripts or parsed.style_attributes):
            problems.append(
                f"{url}: {parsed.inline_scripts} inline scripts, {parsed.style_attributes} style attributes"
            )
    return problems


@pytest.fixture
def https_settings(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


@pytest.mark.parametrize("persona", [None, "editor_a", "secretariat"])
def test_it_sends_the_security_headers_on_every_page_and_never_fails(
    client, personas, https_settings, persona
):
    if persona:
        client.force_login(getattr(personas, persona))
    responses = crawl(client, ["/lo/", "/en/", "/lo/directory/", "/lo/search/?q=ສະມາຄົມ"])
    assert len(responses) > 20
    assert check(responses, signed_in=persona is not None) == []
