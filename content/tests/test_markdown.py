"""The Markdown subset renders what authors need and nothing an attacker could use."""

from html.parser import HTMLParser

import pytest

from content.markdown import plain_text, render, safe_url, summary

ALLOWED = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "strong", "em", "a"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert`1`)",
    "[click]( javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox)",
    "[click](//evil.example/x)",
    "[click](/\\evil.example)",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    '[x](https://example.org" onmouseover="alert(1))',
    "**<b onmouseover=alert(1)>bold</b>**",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "# <style>body{display:none}</style>",
    "- <object data=x></object>",
    "> <form action=https://evil.example><button>go</button></form>",
    'https://example.org/"><script>alert(1)</script>',
    "<<script>>alert(1)<</script>>",
    "\x00<script>alert(1)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_never_lets_markup_event_handlers_or_script_urls_through(payload):
    html = render(payload)
    for tag, attrs in elements(html):
        assert tag in ALLOWED, (tag, html)
        assert set(attrs) <= ({"href"} if tag == "a" else set()), (attrs, html)
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://", "mailto:", "/")), html
            assert not attrs["href"].startswith("//")
            assert "\\" not in attrs["href"]
    assert "<script" not in html.lower()


def test_it_shows_html_as_text_so_readers_see_what_was_typed():
    assert render("<b>Lao</b> & co") == "<p>&lt;b&gt;Lao&lt;/b&gt; &amp; co</p>"


def test_it_renders_paragraphs_headings_emphasis_lists_and_links():
    html = render(
        "# ຫົວຂໍ້\n\nຂໍ້ຄວາມ **ໜາ** ແລະ *ອຽງ*\nແຖວໃໝ່\n\n- ໜຶ່ງ\n- ສອງ\n\n1. first\n2. second\n\n"
        "> quoted\n\n[ເວັບໄຊ](https://laocso.example/lo/) and mail [us](mailto:office@example.org)"
    )
    assert "<h2>ຫົວຂໍ້</h2>" in html
    assert "<p>ຂໍ້ຄວາມ <strong>ໜາ</strong> ແລະ <em>ອຽງ</em><br>ແຖວໃໝ່</p>" in html
    assert "<ul><li>ໜຶ່ງ</li><li>ສອງ</li></ul>" in html
    assert "<ol><li>first</li><li>second</li></ol>" in html
    assert "<blockquote><p>quoted</p></blockquote>" in html
    assert '<a href="https://laocso.example/lo/">ເວັບໄຊ</a>' in html
    assert '<a href="mailto:office@example.org">us</a>' in html


def test_it_links_bare_addresses_and_leaves_underscores_inside_words_alone():
    html = render("See https://example.org/a_b?x=1&y=2. The file_name_here stays.")
    assert '<a href="https://example.org/a_b?x=1&amp;y=2">https://example.org/a_b?x=1&amp;y=2</a>.' in html
    assert "file_name_here" in html and "<em>" not in html


def test_it_keeps_the_text_of_a_refused_link():
    assert render("[read this](javascript:alert(1))") == "<p>[read this](javascript:alert(1))</p>"
    assert render("[read this](ftp://example.org/file)") == "<p>read this</p>"


def test_it_accepts_only_web_mail_and_site_addresses():
    assert safe_url("https://example.org") and safe_url("http://example.org") and safe_url("mailto:a@b.la")
    assert safe_url("/lo/news/")
    for url in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "/\\evil.example",
        "java\nscript:x",
        "",
    ]:
        assert safe_url(url) is None, url


def test_it_gives_plain_text_and_a_short_summary_for_previews():
    text = "# Title\n\nSome **bold** and [a link](https://example.org) here."
    assert plain_text(text) == "Title\nSome bold and a link here."
    assert summary("word " * 100, 50).endswith("…") and len(summary("word " * 100, 50)) <= 51
