"""PDF from HTML with WeasyPrint: Lao shaped by Pango/HarfBuzz, fonts from the project's own static
files, and nothing else fetched.

- The URL fetcher serves `data:` URLs and the project's static files (found with Django's staticfiles
  finders, read from disk), and refuses everything else: file://, http(s), other schemes. WeasyPrint's
  default fetcher would embed a local file:// image (measured; QUALITY.md).
- Text extraction: WeasyPrint maps each glyph to the text of the first cluster it appears in. HarfBuzz
  draws SIGN AM (ຳ) as NIGGAHITA + SIGN AA and puts the tone mark between them, so the glyph of າ
  would map to "້ຳ" and every later າ would extract as "້ຳ". We hand WeasyPrint the decomposed
  spelling (ໍ + tone + າ), which Lao fonts draw identically (pixel-identical, checked) and which
  extracts glyph by glyph; lao.normalize composes it back (ນໍ້າ → ນ້ຳ).
"""

from __future__ import annotations

import base64
import logging
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

FONT_DIR = Path(__file__).resolve().parent / "fonts"
NOTO_SANS_LAO = (
    FONT_DIR / "NotoSansLao-Regular.ttf"
)  # SIL OFL 1.1 (fonts/OFL.txt), from Debian fonts-noto-core
NOTO_SANS_LAO_BOLD = FONT_DIR / "NotoSansLao-Bold.ttf"
INTERNAL_ORIGIN = "https://laocso.invalid"  # the base URL of rendered HTML; never fetched from the network
_SIGN_AM = re.compile("([\u0ec8-\u0ecb]?)\u0eb3")
FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}
STATIC_TYPES = {
    **FONT_TYPES,
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


class RefusedURL(ValueError):
    pass


def decompose_sign_am(html: str) -> str:
    """ຳ written as ໍ + (tone) + າ, for text that extracts glyph by glyph from the PDF."""
    return _SIGN_AM.sub("\u0ecd\\1\u0eb2", html)


def static_file(url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None."""
    prefix = INTERNAL_ORIGIN + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in relative.split("/") or relative.startswith("/") or "\\" in relative:
        return None
    found = finders.find(relative)
    return Path(found) if found else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Allows data: URLs and the project's static files; refuses everything else."""

        def __init__(self):
            super().__init__(timeout=2, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None or path.suffix.lower() not in STATIC_TYPES:
                self.refused.append(url[:200])
                raise RefusedURL(f"not an allowed URL: {url[:80]}")
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": STATIC_TYPES[path.suffix.lower()]}
            )

    return StaticOnlyFetcher


def make_fetcher():
    return _fetcher_class()()


def font_dirs() -> list[Path]:
    """Where to look for Phetsarath OT: the server's own font folders first (NATIONAL_REPORT_FONT_DIRS
    if set, else <var>/fonts; e.g. a newer release with a bold face), then the copy shipped here."""
    configured = getattr(settings, "NATIONAL_REPORT_FONT_DIRS", None)
    server = [Path(entry) for entry in configured] if configured else [Path(settings.VAR_DIR) / "fonts"]
    return [*server, FONT_DIR]


@cache
def data_url(path: Path) -> str:
    mime = FONT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


@cache
def _font_files(name_start: str) -> tuple[Path | None, Path | None]:
    regular = bold = None
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            stem = path.stem.lower().replace(" ", "_").replace("-", "_")
            if path.suffix.lower() not in FONT_TYPES or not stem.startswith(name_start):
                continue
            if "bold" in stem:
                bold = bold or path
            else:
                regular = regular or path
    return regular, bold


def phetsarath_files() -> tuple[Path | None, Path | None]:
    """Phetsarath OT (regular, and bold when a server folder has it); the shipped copy is regular only."""
    return _font_files("phetsarath")


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    """Render HTML (with its own <style>) to PDF bytes. Relative URLs resolve against our static files.
    `tagged` writes a tagged PDF (structure for screen readers)."""
    from weasyprint import HTML

    # WeasyPrint reports every layout step at INFO; only its warnings belong in our log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    document = HTML(
        string=decompose_sign_am(html), base_url=INTERNAL_ORIGIN + "/", url_fetcher=make_fetcher()
    )
    return document.write_pdf(pdf_tags=tagged)
