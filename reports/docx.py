"""A small writer of editable Word documents (Office Open XML, .docx) with the standard library: a
title, headings, paragraphs, tables and page breaks, in styles the secretariat can restyle in Word or
LibreOffice. Lao is a complex script for Word: its font is the `cs` font, bold needs `bCs`, and the
language is given as `bidi` — set once in the document defaults."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_INVALID_XML = {code for code in range(32) if code not in (9, 10, 13)}


def _text(value) -> str:
    text = "" if value is None else str(value)
    return escape("".join(char for char in text if ord(char) not in _INVALID_XML))


def _run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    lines = _text(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{props}{body}</w:r>"


class DocxWriter:
    def __init__(self, *, language: str, lao_font: str, latin_font: str = "Noto Sans", title: str = ""):
        self.language = language
        self.lao_font = lao_font
        self.latin_font = latin_font
        self.title_text = title
        self.body: list[str] = []

    def paragraph(self, text: str, *, style: str = "", bold: bool = False, align: str = "") -> None:
        props = ""
        if style or align:
            props = "<w:pPr>"
            props += f'<w:pStyle w:val="{style}"/>' if style else ""
            props += f'<w:jc w:val="{align}"/>' if align else ""
            props += "</w:pPr>"
        self.body.append(f"<w:p>{props}{_run(text, bold=bold)}</w:p>")

    def title(self, text: str) -> None:
        self.paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, style=f"Heading{level}")

    def page_break(self) -> None:
        self.body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def table(self, header: list[str], rows: list[list], numeric: list[bool] | None = None) -> None:
        numeric = numeric or [False] * len(header)

        def cell(value, *, bold: bool, right: bool) -> str:
            align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
            width = '<w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
            return f"<w:tc>{width}<w:p>{align}{_run(value, bold=bold)}</w:p></w:tc>"

        parts = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="DataTable"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join("<w:gridCol/>" for _ in header),
            "</w:tblGrid>",
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
            "".join(cell(value, bold=True, right=num) for value, num in zip(header, numeric, strict=True)),
            "</w:tr>",
        ]
        for row in rows:
            parts.append("<w:tr>")
            parts.append(
                "".join(cell(value, bold=False, right=num) for value, num in zip(row, numeric, strict=True))
            )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.body.append("".join(parts))
        self.paragraph("")

    # --- the package --------------------------------------------------------------------------

    def _document(self) -> str:
        section = (
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" '
            'w:footer="567" '
            'w:gutter="0"/></w:sectPr>'
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>{"".join(self.body)}{section}</w:body></w:document>'
        )

    def _styles(self) -> str:
        lang = "lo-LA" if self.language == "lo" else "en-GB"
        fonts = (
            f"<w:rFonts w:ascii={quoteattr(self.latin_font)} w:hAnsi={quoteattr(self.latin_font)} "
            f"w:cs={quoteattr(self.lao_font)} w:eastAsia={quoteattr(self.lao_font)}/>"
        )

        def style(
            style_id: str,
            name: str,
            size: int,
            *,
            bold: bool = False,
            space: int = 120,
            based: str = "Normal",
            outline: int | None = None,
        ) -> str:
            run = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' + ("<w:b/><w:bCs/>" if bold else "")
            level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
            return (
                f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="{based}"/><w:next w:val="Normal"/><w:qFormat/>'
                f'<w:pPr><w:keepNext/><w:spacing w:before="{space * 2}" w:after="{space}"/>{level}</w:pPr>'
                f'<w:rPr><w:color w:val="1A5C46"/>{run}</w:rPr></w:style>'
            )

        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:styles xmlns:w="{W}">'
            f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="22"/><w:szCs w:val="22"/>'
            f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="lo-LA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="312" '
            'w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name '
            'w:val="Normal"/><w:qFormat/>'
            "</w:style>"
            + style("Title", "Title", 44, bold=True, space=240)
            + style("Heading1", "heading 1", 32, bold=True, outline=0)
            + style("Heading2", "heading 2", 26, bold=True, outline=1)
            + '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn '
            'w:val="Normal"/>'
            '<w:qFormat/><w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/>'
            '<w:rPr><w:color w:val="4D5B56"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
            '<w:style w:type="table" w:styleId="DataTable"><w:name w:val="Data table"/><w:tblPr>'
            '<w:tblBorders><w:top w:val="single" w:sz="4" w:color="D5DDD9"/>'
            '<w:bottom w:val="single" w:sz="4" w:color="D5DDD9"/>'
            '<w:insideH w:val="single" w:sz="4" w:color="D5DDD9"/></w:tblBorders>'
            '<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
            '</w:tblPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr><w:tblStylePr '
            'w:type="firstRow"><w:tcPr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="EAF3EE"/></w:tcPr></w:tblStylePr></w:style>'
            "</w:styles>"
        )

    def build(self) -> bytes:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        files = {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                '<Override PartName="/word/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" '
                'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="word/document.xml"/>'
                '<Relationship Id="rId2" '
                f'Type="{PACKAGE_RELATIONSHIPS}/metadata/core-properties" '
                'Target="docProps/core.xml"/>'
                '<Relationship Id="rId3" '
                f'Type="{OFFICE_RELATIONSHIPS}/extended-properties" '
                'Target="docProps/app.xml"/>'
                "</Relationships>"
            ),
            "word/_rels/document.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/>'
                "</Relationships>"
            ),
            "word/document.xml": self._document(),
            "word/styles.xml": self._styles(),
            "docProps/core.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                "<cp:coreProperties "
                'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{_text(self.title_text)}</dc:title><dc:language>{self.language}</dc:language>"
                "<dc:creator>Lao CSO Platform</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
                "</cp:coreProperties>"
            ),
            "docProps/app.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>Lao CSO Platform</Application></Properties>"
            ),
        }
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content.encode("utf-8"))
        return buffer.getvalue()
