"""The decisions register: numbers as written, searchable, files checked and served with care."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import AuditEvent
from governance import services
from governance.models import Decision

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def entry(**changes) -> dict:
    data = {
        "number": "07/ຄປສ",
        "issued_on": "2025-03-14",
        "kind": "decision",
        "issuing_body_lo": "ຄະນະກຳມະການປະສານງານ",
        "issuing_body_en": "Coordination committee",
        "title_lo": "ຂໍ້ຕົກລົງ ວ່າດ້ວຍການແຕ່ງຕັ້ງກອງເລຂາ",
        "title_en": "Decision appointing the secretariat",
        "summary_lo": "",
        "summary_en": "",
        "term": "",
        "meeting": "",
        "visibility": "public",
    }
    data.update(changes)
    return data


def numbers_found(client, query: str) -> str:
    return client.get("/en/governance/decisions/", {"q": query}).content.decode()


def test_it_finds_the_2021_agreement_by_its_number_as_written_and_by_words(history, client):
    agreement = Decision.objects.get(number="12/ກພລ")
    assert str(agreement.issued_on) == "2021-10-22" and agreement.term.starts_on.year == 2021
    for query in ["12/ກພລ", "ກພລ", "ຮັບຮອງ", "endorsing", "Home Affairs"]:
        page = numbers_found(client, query)
        assert f"/governance/decisions/{agreement.pk}/" in page, query
    assert f"/governance/decisions/{agreement.pk}/" not in numbers_found(client, "fisheries")
    search = client.get("/en/search/", {"q": "12/ກພລ"}).content.decode()
    assert f"/en/governance/decisions/{agreement.pk}/" in search


def test_it_adds_a_document_with_its_file(client_as, personas):
    client = client_as(personas.secretariat)
    upload = SimpleUploadedFile("ຂໍ້ຕົກລົງ.pdf", PDF, content_type="application/pdf")
    response = client.post("/en/governance/decisions/new/", {**entry(), "upload": upload})
    assert response.status_code == 302
    decision = Decision.objects.get(number="07/ຄປສ")
    assert decision.file.name.startswith("governance/decisions/") and decision.file.name.endswith(".pdf")
    assert AuditEvent.objects.filter(action="decision.create", target_id=str(decision.pk)).exists()
    download = Client().get(f"/en/governance/decisions/{decision.pk}/file/")
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        download["Content-Disposition"].startswith("attachment;")
        and "decision-07-" in download["Content-Disposition"]
    )


def test_it_refuses_a_file_that_is_not_a_pdf_or_a_photo_and_stores_nothing(
    client_as, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(personas.secretariat)
    html = SimpleUploadedFile(
        "agreement.pdf", b"<html><body onload=alert(1)>", content_type="application/pdf"
    )
    page = client.post("/en/governance/decisions/new/", {**entry(), "upload": html}).content.decode()
    assert "Please upload a PDF file, or a JPEG or PNG photo" in page
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    page = client.post("/en/governance/decisions/new/", {**entry(), "upload": empty}).content.decode()
    assert "The file is empty" in page or "The submitted file is empty" in page
    assert not Decision.objects.filter(number="07/ຄປສ").exists()
    assert not any(tmp_path.rglob("*.*"))


def test_it_refuses_a_second_entry_with_the_same_number_and_date(client_as, personas):
    client = client_as(personas.secretariat)
    assert client.post("/en/governance/decisions/new/", entry()).status_code == 302
    page = client.post("/en/governance/decisions/new/", entry(title_en="Another")).content.decode()
    assert "already has a document with this number and date" in page
    assert Decision.objects.filter(number="07/ຄປສ").count() == 1


def test_it_keeps_members_only_documents_from_the_public(client, client_as, personas):
    decision = services.decision_create(
        data={
            **entry(visibility="members", title_en="Internal budget decision"),
            "issued_on": "2025-03-14",
            "term": None,
            "meeting": None,
        },
        file=None,
        by=personas.secretariat,
    )
    anonymous = Client()
    assert anonymous.get(f"/en/governance/decisions/{decision.pk}/").status_code == 404
    assert anonymous.get(f"/en/governance/decisions/{decision.pk}/file/").status_code == 404
    assert "Internal budget" not in anonymous.get("/en/governance/decisions/").content.decode()
    assert (
        f"/decisions/{decision.pk}/"
        not in anonymous.get("/en/governance/decisions/?q=budget").content.decode()
    )
    assert f"/decisions/{decision.pk}/" not in anonymous.get("/en/search/?q=budget").content.decode()
    member = client_as(personas.editor_b)
    assert f"/decisions/{decision.pk}/" in member.get("/en/governance/decisions/?q=budget").content.decode()


def test_it_lets_only_the_secretariat_add_to_the_register(client_as, personas):
    for persona in (personas.editor_a, personas.sector_head, personas.committee):
        client = client_as(persona)
        assert client.get("/en/governance/decisions/new/").status_code == 403
        assert client.post("/en/governance/decisions/new/", entry()).status_code == 403
    assert not Decision.objects.filter(number="07/ຄປສ").exists()


def test_its_search_results_lead_to_the_page_in_the_searchers_language(history):
    from search.selectors import search

    for language in ("lo", "en"):
        (hit,) = search("12/ກພລ", language=language, visibility_levels=["public"], kinds=["decision"]).hits
        assert hit.url.startswith(f"/{language}/governance/decisions/")
