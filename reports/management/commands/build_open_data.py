import time

from django.core.management.base import BaseCommand

from reports import opendata


class Command(BaseCommand):
    help = "Make the open data files (CSV, XLSX, JSON, GeoJSON) of everything public. Run daily from cron."

    def handle(self, *args, **options):
        started = time.monotonic()
        for built in opendata.build_all():
            self.stdout.write(f"{built.name}: {built.rows:,} rows, {built.size / 1e6:.1f} MB")
        self.stdout.write(f"Open data made in {time.monotonic() - started:.1f} s.")
