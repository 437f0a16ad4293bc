"""Checks and text extraction for files uploaded to the documents library.

The type comes from the content, never from the name or the browser's claim: a PDF must start
with `%PDF-` and open in pypdf; a DOCX or XLSX is a zip whose `[Content_Types].xml` names the
Word or Excel main part, and the zip's declared sizes are checked before any part is inflated
(a 0.2 MB zip can expand to gigabytes); images are decoded and re-encoded by core.images. Anything
else — HTML, SVG, scripts, old .doc files, archives — is refused with a message for the user.
"""

import hashlib
import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import lao
from core.images import reencode_image

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024  # all parts together, as the zip declares them
MAX_ZIP_RATIO = 100  # a part that claims to expand more than this is a bomb (XML compresses ~10:1)
MAX_PART_BYTES = 30 * 1024 * 1024  # one XML part we read for its text
MAX_TEXT_PAGES = 300
MAX_TEXT_SECONDS = 10  # text extraction runs in the upload request: a slow PDF gets its first pages indexed
MAX_TEXT_CHARS = 300_000
MAX_SHEETS = 50

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class CheckedDocument:
    """An upload that passed the checks: its content, real type and the text found in it."""

    content: bytes
    file_type: str  # Document.FileType value
    extension: str
    original_name: str
    text: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def wrong_type() -> ValidationError:
    return refuse(
        _(
            "This kind of file is not accepted. Please upload a PDF, a Word document (DOCX), an Excel "
            "workbook (XLSX) or a PNG or JPEG image."
        ),
        "type",
    )


def safe_name(name: str, extension: str) -> str:
    """The uploaded file's name as shown and offered on download: no folders (`../`), no control or
    direction-changing characters, Lao kept, and the extension of the real type."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r'[<>:"|?*]+', "_", lao.clean(stem)).strip(" .")[:150]
    return (stem or "document") + extension


def checked_document(upload) -> CheckedDocument:
    """Check an uploaded file for the library. Raises ValidationError with a message for the user."""
    if upload.size == 0:
        raise refuse(_("The file is empty."), "empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise refuse(
            _("The file is too large: at most %(size)s MB, please.") % {"size": MAX_DOCUMENT_BYTES // 2**20},
            "too_large",
        )
    upload.seek(0)
    content = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    if len(content) != upload.size:
        raise refuse(_("The file did not arrive completely. Please try again."), "incomplete")
    name = getattr(upload, "name", "")
    if content.startswith(b"%PDF-"):
        return CheckedDocument(content, "pdf", ".pdf", safe_name(name, ".pdf"), pdf_text(content))
    if content.startswith(b"PK\x03\x04"):
        file_type, text = office_text(content)
        extension = f".{file_type}"
        return CheckedDocument(content, file_type, extension, safe_name(name, extension), text)
    if content.startswith(IMAGE_MAGIC) or (content[:4] == b"RIFF" and content[8:12] == b"WEBP"):
        image = reencode_image(upload, max_side=2400)
        data = image.read()
        extension = "." + image.name.rsplit(".", 1)[1]
        file_type = "png" if extension == ".png" else "jpeg"
        return CheckedDocument(data, file_type, extension, safe_name(name, extension), "")
    raise wrong_type()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(text: str) -> str:
    """Extracted text as stored and indexed: Lao spelling normalized (PDF makers often write ຳ as ໍ + າ),
    and no control characters. A PDF whose font does not say which letter a glyph is (Chromium's PDFs
    do this for some Lao mark variants) yields NUL there; PostgreSQL cannot store NUL, and the word
    cannot be recovered, so it is dropped."""
    return lao.clean(_CONTROL.sub("", text))[:MAX_TEXT_CHARS]


# --- PDF ----------------------------------------------------------------------------------------


def _has_script(reader) -> bool:
    """Whether the PDF asks a reader to run JavaScript or launch a program (when opened, on a page,
    or from a link)."""
    from pypdf.generic import DictionaryObject

    def risky(action) -> bool:
        action = action.get_object() if action is not None else None
        return isinstance(action, DictionaryObject) and action.get("/S") in {"/JavaScript", "/Launch"}

    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    if risky(root.get("/OpenAction")) or "/AA" in root:
        return True
    for page in reader.pages[:MAX_TEXT_PAGES]:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if risky(annotation.get("/A")) or "/AA" in annotation:
                return True
    return False


def pdf_text(content: bytes) -> str:
    """The text of a PDF (its first pages), for search. Refuses a PDF that does not open, is locked
    with a password, has no page, or carries scripts."""
    from pypdf import PdfReader

    damaged = refuse(_("This PDF file is damaged or incomplete: it cannot be opened."), "invalid")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(
                _("This PDF is protected by a password. Please upload a copy without the password."),
                "encrypted",
            )
        if len(reader.pages) == 0:
            raise damaged
        if b"/JavaScript" in content or b"/Launch" in content or _has_script(reader):
            raise refuse(_("This PDF contains scripts or actions, which are not accepted."), "script")
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on broken files
        raise damaged from None
    pieces, total = [], 0
    deadline = time.monotonic() + MAX_TEXT_SECONDS
    for page in reader.pages[:MAX_TEXT_PAGES]:
        try:
            text = page.extract_text() or ""
        except Exception:  # one unreadable page does not make the document useless
            logger.info("pdf page text extraction failed", exc_info=True)
            continue
        pieces.append(text)
        total += len(text)
        if total >= MAX_TEXT_CHARS or time.monotonic() > deadline:
            break
    return _clean_text("\n".join(pieces))


# --- DOCX and XLSX ------------------------------------------------------------------------------


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        data = part.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise refuse(_("This file expands to too much data to be accepted."), "bomb")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        # Office files never declare entities; entity tricks (billion laughs, external files) do.
        raise wrong_type()
    return data


def _texts(xml: bytes, tag: str, paragraph: str) -> str:
    """The text of the `tag` elements, a line per `paragraph` element, up to MAX_TEXT_CHARS."""
    pieces: list[str] = []
    total = 0
    # _read_part refused any DTD or entity declaration, which is what the XML attacks need.
    for _event, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):  # noqa: S314
        if element.tag == tag and element.text:
            pieces.append(element.text)
            total += len(element.text)
        elif element.tag == paragraph:
            pieces.append("\n")
        element.clear()
        if total > MAX_TEXT_CHARS:
            break
    return "".join(pieces)


def office_text(content: bytes) -> tuple[str, str]:
    """("docx" or "xlsx", text) of an Office Open XML file. Refuses zip bombs, macro-enabled files
    and any other zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(_("This file is damaged: it cannot be opened."), "invalid") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse(_("This file expands to too much data to be accepted."), "bomb")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_ZIP_UNCOMPRESSED or any(
        entry.file_size > 1024 * 1024 and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1)
        for entry in entries
    ):
        raise refuse(_("This file expands to too much data to be accepted."), "bomb")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise wrong_type()
    try:
        types = _read_part(archive, "[Content_Types].xml")
        if WORD_MAIN.encode() in types and "word/document.xml" in names:
            return "docx", _clean_text(_texts(_read_part(archive, "word/document.xml"), f"{W}t", f"{W}p"))
        if EXCEL_MAIN.encode() in types:
            # Text cells are in the shared strings, or inline in the sheets (as openpyxl writes them).
            parts = sorted(name for name in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name))
            parts = (["xl/sharedStrings.xml"] if "xl/sharedStrings.xml" in names else []) + parts[:MAX_SHEETS]
            text = "\n".join(_texts(_read_part(archive, part), f"{S}t", f"{S}row") for part in parts)
            return "xlsx", _clean_text(text)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError, RuntimeError, ValueError):
        # RuntimeError: an encrypted zip; BadZipFile: a part whose content does not match its CRC.
        raise refuse(_("This file is damaged: it cannot be opened."), "invalid") from None
    raise wrong_type()  # macro-enabled (.docm, .xlsm), presentations and other zips
