from datetime import date

from django.core.management.base import BaseCommand, CommandError

from projects.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email the organizations that have not submitted their report: when a round opens, before its "
        "deadline and after it. Run daily from cron; running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to act as (YYYY-MM-DD), for testing; default today")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: {error}") from None
        run = reminders_send(today=day)
        total = sum(run.sent.values())
        details = ", ".join(f"{kind}: {count}" for kind, count in sorted(run.sent.items())) or "none"
        self.stdout.write(f"{total} reminders queued ({details}); {run.skipped} already sent.")
