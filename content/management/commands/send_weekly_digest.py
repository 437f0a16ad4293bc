from django.core.management.base import BaseCommand

from content.digest import send_weekly_digest
from content.services import publish_due


class Command(BaseCommand):
    help = (
        "Email this week's digest to the users who opted in, in their language. Each subscriber gets at "
        "most one digest per week, however often this runs (cron: once a week, e.g. Monday 07:00)."
    )

    def handle(self, *args, **options):
        publish_due()  # scheduled items whose time has come belong in the digest
        queued = send_weekly_digest()
        self.stdout.write(f"Digests queued: {queued} (sent now; failures are retried by send_queued_mail)")
