"""The daily reminder command: the right organizations, in their language, never twice."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from core.models import OutgoingMail
from projects import services
from projects.models import ReminderSent, Report
from projects.tests.conftest import filled_report_data

pytestmark = pytest.mark.django_db


def run(day: str, committed) -> str:
    out = StringIO()
    with committed():
        call_command("send_report_reminders", today=day, stdout=out)
    return out.getvalue()


def test_it_announces_a_round_then_reminds_before_and_after_the_deadline_without_duplicates(
    personas, org_a, org_b, reporting_round, mailoutbox, committed
):
    # Opened long before the deadline (31 March 2026): the opening notice only.
    run("2026-01-05", committed)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [personas.editor_a.email, personas.editor_b.email]
    )
    assert all("2026" in mail.body for mail in mailoutbox)
    run("2026-01-05", committed)
    run("2026-01-06", committed)
    assert len(mailoutbox) == 2  # nothing new: no reminder is due yet and the notice went out once

    run("2026-03-20", committed)  # 11 days before: the reminder
    assert len(mailoutbox) == 4
    run("2026-03-21", committed)
    assert len(mailoutbox) == 4

    run("2026-04-01", committed)  # the day after: overdue
    run("2026-04-02", committed)
    assert len(mailoutbox) == 6
    run("2026-04-08", committed)  # a week late
    run("2026-04-15", committed)  # two weeks late
    run("2026-05-30", committed)  # nothing more after that
    assert len(mailoutbox) == 10
    kinds = sorted(ReminderSent.objects.filter(report__organization=org_a).values_list("kind", flat=True))
    assert kinds == ["before", "opened", "overdue-1", "overdue-2", "overdue-3"]


def test_it_stops_reminding_once_the_report_is_submitted(
    personas, org_a, org_b, make_project, reporting_round, mailoutbox, committed
):
    make_project(org_a)
    report = reporting_round.reports.get(organization=org_a)
    data, lines = filled_report_data(report)
    report = services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    services.report_submit(report=report, by=personas.editor_a)
    mailoutbox.clear()
    run("2026-03-25", committed)
    recipients = [mail.to[0] for mail in mailoutbox]
    assert personas.editor_a.email not in recipients and personas.editor_b.email in recipients
    # A returned report is waiting for the organization again.
    report = Report.objects.get(pk=report.pk)
    services.report_return(report=report, by=personas.secretariat, comment="Please add the spending.")
    mailoutbox.clear()
    run("2026-04-03", committed)
    assert personas.editor_a.email in [mail.to[0] for mail in mailoutbox]


def test_it_writes_in_each_recipients_language(
    personas, org_a, org_b, reporting_round, mailoutbox, committed
):
    personas.editor_b.preferred_language = "en"
    personas.editor_b.save()
    run("2026-03-25", committed)
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert "Reporting round open" in by_recipient[personas.editor_b.email].subject
    assert "CSO contributions 2025" in by_recipient[personas.editor_b.email].subject
    assert "ການປະກອບສ່ວນ 2025" in by_recipient[personas.editor_a.email].subject  # the round's Lao title
    # The link in each mail is in the recipient's language.
    assert "/en/projects/rounds/" in by_recipient[personas.editor_b.email].body
    assert "/lo/projects/rounds/" in by_recipient[personas.editor_a.email].body


def test_it_queues_each_reminder_with_its_record_so_a_second_run_queues_nothing(
    personas, org_a, org_b, reporting_round, committed
):
    run("2026-03-25", committed)
    queued = OutgoingMail.objects.count()
    assert queued == 2 and ReminderSent.objects.count() == 4  # opened (and before, folded into it)
    run("2026-03-25", committed)
    assert OutgoingMail.objects.count() == queued
    assert "0 reminders queued" in run("2026-03-26", committed)


def test_it_leaves_closed_rounds_alone(personas, org_a, org_b, reporting_round, mailoutbox, committed):
    services.round_set_status(reporting_round=reporting_round, status="closed", by=personas.secretariat)
    run("2026-04-02", committed)
    assert mailoutbox == []
    assert date(2026, 4, 2) > reporting_round.deadline
