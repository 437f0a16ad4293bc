from django.core.management.base import BaseCommand

from core.mail import send_queued


class Command(BaseCommand):
    help = "Send the emails that could not be sent yet (run from cron every few minutes)."

    def handle(self, *args, **options):
        sent, failed = send_queued()
        self.stdout.write(f"{sent} sent, {failed} still waiting")
