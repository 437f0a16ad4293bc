"""The documents library: uploads checked from their content, stored under random names, served
through a view that checks access, and searchable by the words inside them."""

import io
import re
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from content import files, services
from content.demo import docx_bytes
from content.files import MAX_DOCUMENT_BYTES, checked_document, safe_name
from content.models import Document
from content.tests.helpers import pdf_bytes, png_bytes, stored_files, upload, xlsx_bytes, zip_bytes
from core.models import AuditEvent
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/en/documents/upload/"
WORD_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
WORD_BODY = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>hello</w:t></w:r></w:p></w:body></w:document>"
)


def form_data(file, **extra) -> dict:
    return {
        "upload": file,
        "title_lo": "ບົດລາຍງານ",
        "title_en": "A report",
        "kind": "report",
        "language": "lo",
        "year": "2024",
        "visibility": "public",
        "status": "published",
        **extra,
    }


def post_upload(client, file, **extra):
    return client.post(UPLOAD_URL, form_data(file, **extra))


def test_it_stores_a_pdf_under_a_random_name_with_its_metadata_and_text(client_as, personas, media_root):
    client = client_as(personas.secretariat)
    response = post_upload(client, upload(pdf_bytes("ການພັດທະນາຊົນນະບົດ"), "ລາຍງານ ປີ 2024.pdf"), year="໒໐໒໔")
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/documents/{document.slug}/"
    assert document.file_type == "pdf" and document.year == 2024  # Lao digits are accepted
    assert document.original_name == "ລາຍງານ ປີ 2024.pdf"
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert [path.name for path in stored_files(media_root)] == [document.file.name.split("/")[1]]
    assert "ການພັດທະນາຊົນນະບົດ" in document.text
    assert AuditEvent.objects.filter(action="document.create", target_id=str(document.pk)).exists()


@pytest.mark.parametrize(
    ("content", "name", "file_type"),
    [
        (docx_bytes(["Facilitation skills", "ທັກສະ ການອຳນວຍຄວາມສະດວກ"]), "skills.docx", "docx"),
        (xlsx_bytes([["ແຂວງ", "Projects"], ["ສະຫວັນນະເຂດ", 12]]), "data.xlsx", "xlsx"),
        (png_bytes(), "poster.png", "jpeg"),  # an image without transparency is re-encoded as JPEG
    ],
)
def test_it_accepts_word_excel_and_image_files_and_reads_their_text(
    client_as, personas, content, name, file_type
):
    response = post_upload(client_as(personas.secretariat), upload(content, name))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_type == file_type
    if file_type == "docx":
        assert "ທັກສະ ການອຳນວຍຄວາມສະດວກ" in document.text
    if file_type == "xlsx":
        assert "ສະຫວັນນະເຂດ" in document.text


def bomb_docx(size: int) -> bytes:
    return zip_bytes({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"<" + b"a" * size})


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_script() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


NOT_ACCEPTED = "This kind of file is not accepted"
BAD_FILES = [
    # (what, content, name, the message the user sees)
    ("HTML renamed .pdf", b"<html><script>alert(1)</script></html>", "report.pdf", NOT_ACCEPTED),
    ("PDF header, HTML body", b"%PDF-1.4\n<html><script>alert(1)</script></html>", "report.pdf", "damaged"),
    (
        "SVG with script",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        NOT_ACCEPTED,
    ),
    (
        "SVG renamed .png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "logo.png",
        NOT_ACCEPTED,
    ),
    ("zip bomb as DOCX (ratio)", bomb_docx(20 * 1024 * 1024), "report.docx", "too much data"),
    (
        "zip bomb as DOCX (total)",
        zip_bytes(
            {"[Content_Types].xml": WORD_TYPES, **{f"word/p{i}.xml": b"a" * 2_000_000 for i in range(60)}}
        ),
        "report.docx",
        "too much data",
    ),
    (
        "macro-enabled Word file",
        zip_bytes(
            {
                "[Content_Types].xml": WORD_TYPES.replace(
                    b"officedocument.wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                ),
                "word/document.xml": WORD_BODY,
            }
        ),
        "report.docx",
        NOT_ACCEPTED,
    ),
    (
        "DOCX with an entity declaration",
        zip_bytes(
            {
                "[Content_Types].xml": WORD_TYPES,
                "word/document.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + WORD_BODY,
            }
        ),
        "report.docx",
        NOT_ACCEPTED,
    ),
    ("a plain zip", zip_bytes({"notes.txt": b"hello"}), "archive.docx", NOT_ACCEPTED),
    ("an old .doc file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "report.doc", NOT_ACCEPTED),
    ("an empty file", b"", "empty.pdf", "The submitted file is empty."),
    ("a PDF locked with a password", encrypted_pdf(), "locked.pdf", "protected by a password"),
    ("a PDF with JavaScript", pdf_with_script(), "script.pdf", "scripts"),
    ("a truncated PDF", pdf_bytes("text")[:300], "cut.pdf", "damaged"),
]


@pytest.mark.parametrize(("what", "content", "name", "message"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_it_refuses_bad_files_with_a_message_at_the_field_and_stores_nothing(
    client_as, personas, media_root, what, content, name, message
):
    response = post_upload(client_as(personas.secretariat), upload(content, name))
    assert response.status_code == 200, what
    errors = response.context["form"].errors
    assert "upload" in errors and message in " ".join(errors["upload"]), (what, errors)
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_it_refuses_a_file_one_byte_over_the_limit(client_as, personas, media_root):
    pdf = pdf_bytes("limit")
    over = pdf + b"\n" * (MAX_DOCUMENT_BYTES + 1 - len(pdf))
    response = post_upload(client_as(personas.secretariat), upload(over, "big.pdf"))
    assert "too large: at most 20 MB" in " ".join(response.context["form"].errors["upload"])
    assert stored_files(media_root) == [] and not Document.objects.exists()


def test_it_accepts_a_file_exactly_at_the_limit(client_as, personas, monkeypatch):
    pdf = pdf_bytes("limit")
    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", len(pdf) + 100)  # a smaller limit keeps the test fast
    client = client_as(personas.secretariat)
    assert "upload" in post_upload(client, upload(pdf + b"\n" * 101, "big.pdf")).context["form"].errors
    assert post_upload(client, upload(pdf + b"\n" * 100, "big.pdf")).status_code == 302
    assert Document.objects.get().file_size == len(pdf) + 100


def test_it_reencodes_an_image_so_an_appended_payload_is_not_stored(client_as, personas, media_root):
    payload = b"<script>alert(1)</script>"
    post_upload(client_as(personas.secretariat), upload(png_bytes() + payload, "poster.png"))
    [path] = stored_files(media_root)
    assert payload not in path.read_bytes()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\ລາຍງານ.pdf", "ລາຍງານ.pdf"),
        ("report\u202egpj.pdf", "reportgpj.pdf"),  # a right-to-left override would disguise the extension
        ("re\x00port.exe", "report.pdf"),  # the extension is the real type's
        ("<script>.pdf", "_script_.pdf"),
        ("...", "document.pdf"),
    ],
)
def test_it_keeps_only_a_safe_file_name(name, shown):
    assert safe_name(name, ".pdf") == shown


def test_it_offers_the_download_with_a_safe_lao_file_name_and_nosniff(client, make_document):
    content = pdf_bytes("download me")
    document = make_document(content=content, name="ບົດລາຍງານ 2024.pdf")
    response = client.get(f"/lo/documents/{document.slug}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=utf-8''")[1]) == "ບົດລາຍງານ 2024.pdf"


def test_it_finds_a_document_by_a_lao_word_that_is_only_inside_its_pdf(client, make_document):
    word = "ກະສິກຳອິນຊີ"  # organic agriculture
    document = make_document(
        content=pdf_bytes("ບົດລາຍງານນີ້ ເວົ້າເຖິງ ການປູກຝັງແບບ" + word + " ຢູ່ແຂວງສະຫວັນນະເຂດ."),
        title_lo="ບົດລາຍງານປະຈຳປີ",
        title_en="Annual report",
        description_lo="ລາຍງານ ຂອງຫ້ອງການ",
    )
    assert (
        word not in document.title_lo + document.title_en + document.description_lo + document.original_name
    )
    for url in ["/lo/search/?q=" + word, "/en/search/?q=" + word, "/lo/documents/?q=" + word]:
        page = client.get(url).content.decode()
        assert f"/documents/{document.slug}/" in page, url


def test_it_finds_words_inside_word_documents_too(client, make_document):
    document = make_document(content=docx_bytes(["ຄູ່ມື ການອຳນວຍຄວາມສະດວກ ກອງປະຊຸມບ້ານ"]), name="guide.docx")
    assert f"/documents/{document.slug}/" in client.get("/lo/search/?q=ກອງປະຊຸມບ້ານ").content.decode()


def test_it_removes_the_file_when_saving_the_record_fails(personas, media_root):
    checked = checked_document(upload(pdf_bytes("x"), "x.pdf"))
    with pytest.raises(ValidationError):
        services.document_create(
            checked=checked,
            data={"title_lo": "", "title_en": "", "kind": "report", "language": "lo", "status": "published"},
            m2m={},
            by=personas.secretariat,
        )
    assert stored_files(media_root) == []


def test_it_lets_only_the_secretariat_upload(client_as, personas, media_root):
    client = client_as(personas.editor_a)
    assert client.get(UPLOAD_URL).status_code == 403
    assert post_upload(client, upload(pdf_bytes("x"), "x.pdf")).status_code == 403
    assert stored_files(media_root) == [] and not Document.objects.exists()


def test_it_edits_the_details_and_refuses_a_stale_form(client_as, personas, make_document):
    document = make_document()
    client = client_as(personas.secretariat)
    data = form_data(None, title_en="Renamed report", version=document.version)
    del data["upload"]
    assert client.post(f"/en/documents/{document.slug}/edit/", data).status_code == 302
    document.refresh_from_db()
    assert document.title_en == "Renamed report"
    stale = client.post(f"/en/documents/{document.slug}/edit/", {**data, "title_en": "Older"})
    assert stale.status_code == 409
    document.refresh_from_db()
    assert document.title_en == "Renamed report"


def test_it_removes_a_document_its_file_and_its_search_rows(
    client_as, personas, make_document, media_root, committed
):
    document = make_document()
    assert SearchEntry.objects.filter(kind="document", object_id=str(document.pk)).exists()
    with committed():
        response = client_as(personas.secretariat).post(f"/en/documents/{document.slug}/delete/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(media_root) == []
    assert not SearchEntry.objects.filter(kind="document").exists()


def test_it_filters_the_library_by_kind_language_year_and_sector(client, make_document):
    from core.models import SectorGroup

    health = SectorGroup.objects.get(code="PH")
    report = make_document(title_en="Health report", year=2023, sector_groups=[health])
    guide = make_document(title_en="English guide", kind="guideline", language="en", year=2024)
    listing = lambda query: client.get("/en/documents/" + query).content.decode()  # noqa: E731
    assert report.slug in listing("?kind=report") and guide.slug not in listing("?kind=report")
    assert guide.slug in listing("?language=en") and report.slug not in listing("?language=en")
    assert report.slug in listing("?year=2023") and guide.slug not in listing("?year=2023")
    assert report.slug in listing("?sector=PH") and guide.slug not in listing("?sector=PH")
    assert guide.slug in listing("?kind=nonsense&year=abc")  # unknown values are ignored


def test_it_lists_documents_in_a_constant_number_of_queries(
    client, make_document, django_assert_max_num_queries
):
    for number in range(2):
        make_document(title_en=f"Report {number}")
    with django_assert_max_num_queries(12) as few:
        client.get("/en/documents/")
    for number in range(6):
        make_document(title_en=f"More {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/documents/")


def test_it_normalizes_extracted_lao_and_drops_characters_the_database_cannot_store():
    # Chromium's PDFs spell ຳ as ໍ + າ and leave NUL for glyphs their font does not name.
    assert files._clean_text("ກະສິກໍາ ຝ\x00ງ\x07") == "ກະສິກຳ ຝງ"
