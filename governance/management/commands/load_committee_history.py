from django.core.management.base import BaseCommand, CommandError

from core.models import SectorGroup
from governance.reference import committee_history_load


class Command(BaseCommand):
    help = (
        "Create the 2019 and 2021 coordination committees (seats, no names) and agreement No. 12/ກພລ "
        "in the decisions register, where missing. Run after load_reference_data. Safe to run again."
    )

    def handle(self, *args, **options):
        if SectorGroup.objects.count() < 7:
            raise CommandError("Load the reference data first (manage.py load_reference_data).")
        created = committee_history_load()
        self.stdout.write(
            f"Committee history: {created['terms']} terms, {created['seats']} seats, "
            f"{created['decisions']} decisions created."
        )
