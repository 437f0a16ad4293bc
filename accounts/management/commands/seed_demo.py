from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = "Create the demo data (development only): one account per role. Safe to run again."

    def handle(self, *args, **options):
        accounts = demo_accounts_create()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:32} {role}")
