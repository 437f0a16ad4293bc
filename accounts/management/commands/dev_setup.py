from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Bring a development database up to date: migrate, load reference data, create demo data."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", stdout=self.stdout if options["verbosity"] > 1 else StringIO())
        call_command("load_committee_history", stdout=StringIO())
        call_command("seed_demo", stdout=self.stdout)
        call_command("seed_app_demos", stdout=self.stdout if options["verbosity"] > 1 else StringIO())
