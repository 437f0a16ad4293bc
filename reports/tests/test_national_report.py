"""The national report: PDF (Lao shaped, text extractable in order, the dashboard's figures), editable
DOCX, XLSX annex; selected results; stored files; a URL fetcher that reads nothing but our own files."""

import io
import shutil
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

import lao
from directory.visibility import ANONYMOUS
from projects.models import ReportProject
from reports import national_report, pdf
from reports.models import Highlight
from reports.selectors import DashboardFilters, dashboard_figures
from reports.services import highlights_set, national_report_update

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def download(client, reporting_round, language, fmt):
    response = client.get(reverse("reports:national-report-file", args=[reporting_round.pk, language, fmt]))
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as a reader would copy it, in the canonical Lao spelling, spaces collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return lao.normalize(" ".join(page.extract_text(extraction_mode="layout") for page in reader.pages))


def public_figures(reporting_round):
    return dashboard_figures(viewer=ANONYMOUS, filters=DashboardFilters(round_id=reporting_round.pk))


def picked_lines(reporting_round) -> list[int]:
    return list(
        Highlight.objects.filter(national_report__round=reporting_round).values_list("line_id", flat=True)
    )


def line_of(project):
    return ReportProject.objects.get(project=project)


def test_the_pdf_in_lao_and_english_has_the_dashboards_figures_and_lao_text_in_order(
    client, contributions, personas
):
    highlights_set(
        reporting_round=contributions.round,
        shown_line_ids=[line_of(contributions.a1).pk],
        picked_line_ids=[line_of(contributions.a1).pk],
        by=personas.secretariat,
    )
    figures = public_figures(contributions.round)
    expected = {
        # the selected result's project (Lao: ຳ included), organization B in the annex, the round, a province
        "lo": ["ນ້ຳສະອາດ ບ້ານນາ", "ສ້າງນ້ຳສ້າງ", "ມູນນິທິເພື່ອການສຶກສາຂອງເດັກ", "ການປະກອບສ່ວນ 2025", "ສະຫວັນນະເຂດ"],
        "en": [
            "Clean water for Ban Na",
            "Wells built and used.",
            "Foundation for Children's Education",
            "CSO contributions 2025",
            "Savannakhet",
        ],
    }
    for language in ("en", "lo"):
        data = download(client, contributions.round, language, "pdf")
        assert data.startswith(b"%PDF")
        text = pdf_text(data)
        for value in (
            figures.totals.people,
            figures.totals.projects,
            figures.totals.disabled,
            figures.totals.spending_lak,
            figures.totals.spending_usd,
            figures.totals.women,
        ):
            assert f" {value:,.0f} " in f" {text} ", (language, value)
        for words in expected[language]:
            assert lao.normalize(words) in text, (language, words)
        assert text.index(lao.normalize(expected[language][0])) < text.index(
            lao.normalize(expected[language][2])
        )
        # nothing that the public may not see, nor a result that was not picked
        for hidden in (
            "fish ponds",
            "ໜອງປາ",
            "scholarships",
            "Suspended Association",
            "Unaccepted clinic",
            "Children read every day.",
            "ເດັກອ່ານທຸກມື້",
        ):
            assert lao.normalize(hidden) not in text, (language, hidden)


def test_the_word_document_is_editable_and_holds_the_same_figures(client, contributions):
    data = download(client, contributions.round, "lo", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "_rels/.rels"} <= names
        for name in names:
            ElementTree.fromstring(archive.read(name))  # noqa: S314 - our own file: every part is well-formed XML
        document = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314
        styles = archive.read("word/styles.xml").decode()
    text = " ".join(node.text or "" for node in document.iter(f"{W}t"))
    figures = public_figures(contributions.round)
    assert f"{figures.totals.people:,}" in text
    assert "ມູນນິທິເພື່ອການສຶກສາຂອງເດັກ" in text
    assert "fish ponds" not in text
    assert 'w:cs="Noto Sans Lao"' in styles  # Lao is a complex script for Word
    assert document.find(f".//{W}pStyle[@{W}val='Heading1']") is not None


def test_the_spreadsheet_annex_has_every_table_and_no_formulas(client, contributions):
    from directory.models import Organization

    Organization.objects.filter(pk=contributions.org_b.pk).update(acronym="=HYPERLINK(1)")
    data = download(client, contributions.round, "en", "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    assert {"Summary", "Projects", "Organizations", "Provinces", "Districts"} <= set(workbook.sheetnames)
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["People reached"] == public_figures(contributions.round).totals.people
    projects = [row[0] for row in workbook["Projects"].iter_rows(min_row=2, values_only=True)]
    assert sorted(projects) == ["Clean water for Ban Na", "Reading in two provinces"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert not any(isinstance(cell, str) and cell.startswith("=") for cell in cells)


def test_a_round_without_accepted_reports_gets_a_page_that_says_so(client, personas):
    from datetime import date

    from projects.services import round_open

    empty = round_open(
        data={
            "title_lo": "ຮອບໃໝ່",
            "title_en": "New round",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
            "deadline": date(2027, 3, 31),
            "reminder_days": 14,
        },
        by=personas.secretariat,
    )
    response = client.get(reverse("reports:national-report-file", args=[empty.pk, "en", "pdf"]))
    assert response.status_code == 404
    assert "No national report for this round yet" in response.content.decode()
    assert (
        client.get(reverse("reports:national-report-file", args=[empty.pk, "fr", "pdf"])).status_code == 404
    )
    assert (
        client.get(reverse("reports:national-report-file", args=[empty.pk, "en", "exe"])).status_code == 404
    )
    assert client.get(reverse("reports:national-report-file", args=[99999, "en", "pdf"])).status_code == 404


def test_a_file_is_made_once_and_again_when_the_figures_change(
    contributions, personas, monkeypatch, committed
):
    made = []
    render = national_report.RENDERERS["docx"]
    monkeypatch.setitem(national_report.RENDERERS, "docx", lambda content: made.append(1) or render(content))
    first = national_report.national_report_file(contributions.round, language="en", fmt="docx")
    again = national_report.national_report_file(contributions.round, language="en", fmt="docx")
    assert (first.name, len(made)) == (again.name, 1)
    national_report_update(
        reporting_round=contributions.round,
        font="noto",
        foreword_lo="",
        foreword_en="A new foreword.",
        by=personas.secretariat,
    )
    changed = national_report.national_report_file(contributions.round, language="en", fmt="docx")
    assert changed.name != first.name and len(made) == 2
    assert b"A new foreword." in zipfile.ZipFile(changed.open()).read("word/document.xml")


def test_the_secretariat_picks_results_of_public_projects_only(client_as, contributions, personas):
    url = reverse("reports:national-report-prepare", args=[contributions.round.pk])
    assert client_as(personas.editor_a).get(url).status_code == 403
    client = client_as(personas.secretariat)
    page = client.get(url).content.decode()
    a1, a2 = line_of(contributions.a1), line_of(contributions.a2)
    assert f'value="{a1.pk}"' in page and f'value="{a2.pk}"' not in page  # a members-only project's line
    response = client.post(url, {"action": "highlights", "shown": [a1.pk, a2.pk], "picked": [a1.pk, a2.pk]})
    assert response.status_code == 200
    assert "cannot be used in the national report" in response.content.decode()
    assert picked_lines(contributions.round) == []
    assert client.post(url, {"action": "highlights", "shown": [a1.pk], "picked": [a1.pk]}).status_code == 302
    assert picked_lines(contributions.round) == [a1.pk]
    with pytest.raises(ValidationError):
        highlights_set(
            reporting_round=contributions.round,
            shown_line_ids=[a2.pk],
            picked_line_ids=[a2.pk],
            by=personas.secretariat,
        )


def test_the_secretariat_may_print_the_report_in_phetsarath_ot_with_lao_text_intact(
    client, client_as, contributions, personas
):
    url = reverse("reports:national-report-prepare", args=[contributions.round.pk])
    page = client_as(personas.secretariat).get(url).content.decode()
    assert 'value="phetsarath"' in page and 'value="noto"' in page
    national_report_update(
        reporting_round=contributions.round,
        font="phetsarath",
        foreword_lo="ບົດລາຍງານສະບັບນີ້ສັງລວມການປະກອບສ່ວນຂອງອົງການຈັດຕັ້ງທາງສັງຄົມ.",
        foreword_en="",
        by=personas.secretariat,
    )
    data = download(client, contributions.round, "lo", "pdf")
    reader = PdfReader(io.BytesIO(data))
    embedded = b"".join(
        font_file.get_object().get_data()
        for pdf_page in reader.pages
        for font in pdf_page["/Resources"]["/Font"].values()
        for descendant in font.get_object().get("/DescendantFonts", [])
        if (font_file := descendant.get_object()["/FontDescriptor"].get("/FontFile2")) is not None
    )
    assert "Phetsarath".encode("utf-16-be") in embedded  # the font's name table
    # Text readers put spaces around Phetsarath's stacked marks; the letters stay in order.
    letters = "".join(pdf_text(data).split())
    for words in ("ບົດລາຍງານສະບັບນີ້ສັງລວມການປະກອບສ່ວນ", "ມູນນິທິເພື່ອການສຶກສາຂອງເດັກ"):
        assert "".join(lao.normalize(words).split()) in letters, words


def test_a_servers_own_phetsarath_files_are_preferred_to_the_shipped_copy(settings, tmp_path):
    settings.NATIONAL_REPORT_FONT_DIRS = [str(tmp_path)]
    pdf._font_files.cache_clear()
    try:
        assert national_report.font_faces("phetsarath")[0][1] == pdf.data_url(
            pdf.FONT_DIR / "Phetsarath_OT.ttf"
        )
        shutil.copy(pdf.FONT_DIR / "Phetsarath_OT.ttf", tmp_path / "Phetsarath_OT.ttf")
        shutil.copy(pdf.NOTO_SANS_LAO_BOLD, tmp_path / "Phetsarath_OT_Bold.ttf")
        pdf._font_files.cache_clear()
        faces = national_report.font_faces("phetsarath")
        assert faces[0][1] == pdf.data_url(tmp_path / "Phetsarath_OT.ttf")
        assert faces[1] == ("Report Lao", pdf.data_url(tmp_path / "Phetsarath_OT_Bold.ttf"), 700)
    finally:
        pdf._font_files.cache_clear()


def test_the_pdf_fetcher_reads_only_our_static_files_and_data_urls(tmp_path):
    fetcher = pdf.make_fetcher()
    font = fetcher.fetch(pdf.INTERNAL_ORIGIN + "/static/fonts/noto-sans-latin.woff2")
    assert font.read()[:4] == b"wOF2"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    for url in (
        secret.as_uri(),
        "file:///etc/hostname",
        "http://127.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        pdf.INTERNAL_ORIGIN + "/static/../../laocso/settings.py",
        pdf.INTERNAL_ORIGIN + "/media/report-photos/x.jpg",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # In a document: a local image is left out of the PDF, a data: image is drawn.
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5"
        "ErkJggg=="
    )
    refused = pdf.html_to_pdf(f'<p>x</p><img src="{secret.as_uri()}" width="20">', tagged=False)
    allowed = pdf.html_to_pdf(f'<p>x</p><img src="{pixel}" width="20">', tagged=False)
    assert len(PdfReader(io.BytesIO(refused)).pages[0].images) == 0
    assert len(PdfReader(io.BytesIO(allowed)).pages[0].images) == 1


def test_the_national_report_page_lists_rounds_with_downloads(client, contributions):
    html = client.get(reverse("reports:national-report").replace("/lo/", "/en/")).content.decode()
    assert "CSO contributions 2025" in html
    for language in ("lo", "en"):
        for fmt in ("pdf", "docx", "xlsx"):
            assert (
                reverse("reports:national-report-file", args=[contributions.round.pk, language, fmt]) in html
            )


def test_a_report_being_made_by_another_request_is_not_made_twice(client, contributions):
    from django.core.cache import cache

    national_report.national_report_file(contributions.round, language="en", fmt="xlsx")  # made once
    assert (
        client.get(
            reverse("reports:national-report-file", args=[contributions.round.pk, "en", "xlsx"])
        ).status_code
        == 200
    )
    settings_key = national_report.file_key(contributions.round, language="en", fmt="docx", font="noto")
    cache.add(
        f"reports:making:national-reports/round-{contributions.round.pk}/en-{settings_key}.docx", True, 60
    )
    response = client.get(
        reverse("reports:national-report-file", args=[contributions.round.pk, "en", "docx"])
    )
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "is being made" in response.content.decode()
