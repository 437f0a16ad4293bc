"""A small, safe Markdown subset for news, events, documents and opportunities.

Supported: paragraphs (a single line break is kept), headings (#, ##, ### become h2–h4 under the
page's h1), **bold**, *italic* or _italic_, [links](https://…) and bare http(s) addresses, lists
(-, *, + or 1.) and > quotes. Everything else is shown as typed: all text is HTML-escaped before
any tag is added, so HTML in the input is never markup, and a link keeps its text but loses its
address unless the address is http(s), mailto or a path on this site.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*$")
_BULLET = re.compile(r"^[-*+]\s+(.+)$")
_NUMBER = re.compile(r"^\d{1,4}[.)]\s+(.+)$")
_QUOTE = re.compile(r"^>\s?(.*)$")
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(\s*([^\s()<>]{1,2000})\s*\)")
_AUTOLINK = re.compile(r"(?<![\w/@])(https?://[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])", re.IGNORECASE)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM_STAR = re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")
_EM_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(url: str) -> str | None:
    """The address if a link to it is harmless (http, https, mailto or a path on this site), else None."""
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in url):
        return None
    if url.lower().startswith(SAFE_SCHEMES) or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


def _emphasis(escaped: str) -> str:
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = _EM_STAR.sub(r"<em>\1</em>", escaped)
    return _EM_UNDERSCORE.sub(r"<em>\1</em>", escaped)


def _text(raw: str) -> str:
    """Escaped text with emphasis and bare addresses made into links."""
    parts, position = [], 0
    for match in _AUTOLINK.finditer(raw):
        parts.append(_emphasis(escape(raw[position : match.start()])))
        address = escape(match.group(1))
        parts.append(f'<a href="{address}">{address}</a>')
        position = match.end()
    parts.append(_emphasis(escape(raw[position:])))
    return "".join(parts)


def _inline(raw: str) -> str:
    parts, position = [], 0
    for match in _LINK.finditer(raw):
        parts.append(_text(raw[position : match.start()]))
        label = _emphasis(escape(match.group(1)))
        url = safe_url(match.group(2))
        parts.append(f'<a href="{escape(url)}">{label}</a>' if url else label)
        position = match.end()
    parts.append(_text(raw[position:]))
    return "".join(parts)


def _blocks(text: str):
    """(kind, lines) blocks: "h1".."h3", "ul", "ol", "quote" or "p"."""
    kind, lines = None, []
    for line in _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        line = line.strip()
        heading = _HEADING.match(line)
        item = _BULLET.match(line) or _NUMBER.match(line)
        quote = _QUOTE.match(line)
        if not line:
            new_kind = None
        elif heading:
            if lines:
                yield kind, lines
            yield f"h{len(heading.group(1))}", [heading.group(2)]
            kind, lines = None, []
            continue
        elif item:
            new_kind, line = ("ul" if _BULLET.match(line) else "ol"), item.group(1)
        elif quote:
            new_kind, line = "quote", quote.group(1)
        else:
            new_kind = "p" if kind not in {"ul", "ol"} or not lines else kind
            if new_kind != "p":  # a line after a list item continues the item
                lines[-1] += "\n" + line
                continue
        if new_kind != kind and lines:
            yield kind, lines
            lines = []
        kind = new_kind
        if line and new_kind:
            lines.append(line)
    if lines:
        yield kind, lines


def render(text: str) -> SafeString:
    """The HTML of Markdown `text`: only p, br, h2–h4, ul, ol, li, blockquote, strong, em and a[href]."""
    html = []
    for kind, lines in _blocks(text or ""):
        if kind in {"h1", "h2", "h3"}:
            level = int(kind[1]) + 1
            html.append(f"<h{level}>{_inline(lines[0])}</h{level}>")
        elif kind in {"ul", "ol"}:
            items = "".join(
                f"<li>{'<br>'.join(_inline(part) for part in line.split(chr(10)))}</li>" for line in lines
            )
            html.append(f"<{kind}>{items}</{kind}>")
        elif kind == "quote":
            html.append(f"<blockquote><p>{'<br>'.join(_inline(line) for line in lines)}</p></blockquote>")
        else:
            html.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return mark_safe("\n".join(html))  # noqa: S308 -- every piece of input text went through escape()


def plain_text(text: str) -> str:
    """The words of Markdown `text` without its markup, for snippets, feeds, search and link previews."""
    lines = []
    for _kind, block in _blocks(text or ""):
        for line in block:
            line = _LINK.sub(r"\1", line)
            line = _STRONG.sub(r"\1", line)
            line = _EM_STAR.sub(r"\1", line)
            lines.append(_EM_UNDERSCORE.sub(r"\1", line))
    return "\n".join(lines)


def summary(text: str, length: int = 200) -> str:
    """The start of the text, cut at a space, on one line."""
    words = " ".join(plain_text(text).split())
    if len(words) <= length:
        return words
    cut = words.rfind(" ", 0, length)
    return words[: cut if cut > length // 2 else length] + "…"
