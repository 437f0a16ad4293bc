"""Read-only mode, the mail queue and the append-only audit log."""

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction

from core.audit import audit_record
from core.mail import queue_mail, send_queued
from core.models import AuditEvent, OutgoingMail, SiteSwitch

pytestmark = pytest.mark.django_db


def test_it_refuses_writes_in_read_only_mode_with_a_lao_page_while_reads_work(
    client_as, personas, settings, org_a
):
    settings.READ_ONLY = True
    client = client_as(personas.editor_a)
    assert client.get(f"/lo/directory/{org_a.slug}/").status_code == 200
    response = client.post(f"/lo/directory/{org_a.slug}/edit/", {"name_lo": "ປ່ຽນ"})
    assert response.status_code == 503
    assert "ອ່ານໄດ້ຢ່າງດຽວ" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.name_lo == "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ"


def test_it_lets_the_secretariat_switch_read_only_mode_in_the_admin(client_as, personas, org_a):
    SiteSwitch.objects.create(read_only=True)
    editor = client_as(personas.editor_a)
    assert editor.post(f"/en/directory/{org_a.slug}/edit/", {}).status_code == 503
    switch = SiteSwitch.objects.get()
    admin = client_as(personas.secretariat)
    response = admin.post(
        f"/en/admin/core/siteswitch/{switch.pk}/change/",
        {"read_only_message_lo": "", "read_only_message_en": ""},
    )
    assert response.status_code == 302
    assert client_as(personas.editor_a).post(f"/en/directory/{org_a.slug}/edit/", {}).status_code == 200


def test_it_keeps_mail_for_later_when_the_mail_server_is_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    queued = queue_mail(to="someone@example.org", subject="Hello", body="Body")
    assert send_queued() == (0, 1)
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 1 and queued.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_queued() == (1, 0)
    assert mail.outbox[0].subject == "Hello"
    assert OutgoingMail.objects.get().sent_at is not None


def test_it_never_sends_the_mail_of_a_change_that_rolled_back(committed):
    with committed():
        try:
            with transaction.atomic():
                queue_mail(to="someone@example.org", subject="Never", body="Body")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_it_refuses_to_change_or_delete_audit_rows_on_postgresql():
    event = audit_record(actor=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_it_records_refusals_and_shows_the_log_to_the_secretariat_only(client_as, personas, org_a):
    client_as(personas.editor_b).get(f"/en/directory/{org_a.slug}/edit/")
    denial = AuditEvent.objects.get(action="access.denied")
    assert denial.actor_id == personas.editor_b.pk and denial.details["path"].endswith("/edit/")
    assert client_as(personas.editor_a).get("/en/audit/").status_code == 403
    page = client_as(personas.secretariat).get("/en/audit/", {"action": "access.denied"})
    assert page.status_code == 200
    assert [event.action for event in page.context["page"]] == ["access.denied"] * len(page.context["page"])


def test_the_audit_log_offers_every_action_once_as_a_filter(client_as, personas):
    audit_record(actor=None, action="an.old.action")
    for _ in range(3):
        audit_record(actor=None, action="test.event")
    actions = client_as(personas.secretariat).get("/en/audit/").context["actions"]
    assert actions == sorted(set(actions)) and {"an.old.action", "test.event"} <= set(actions)


def test_it_writes_audit_log_lines_that_a_value_cannot_forge(caplog):
    with caplog.at_level("INFO", logger="laocso.audit"):
        audit_record(actor=None, action="test.event", note='x"}\n{"action": "forged"')
    assert len(caplog.records) == 1 and "\n" not in caplog.records[0].getMessage()


def test_it_answers_a_full_disk_with_a_clear_page_and_keeps_the_data(client_as, personas, org_a, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    from directory.tests.test_editing import form_data

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    from io import BytesIO

    from PIL import Image

    image = BytesIO()
    Image.new("RGB", (40, 40), "green").save(image, "PNG")
    image.name = "logo.png"
    image.seek(0)
    response = client_as(personas.editor_a).post(
        f"/en/directory/{org_a.slug}/edit/", {**form_data(org_a, mission_en="Changed"), "logo_upload": image}
    )
    assert response.status_code == 503
    assert "out of space" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.mission_en == "Rural community development" and org_a.version == 1
