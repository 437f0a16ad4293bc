import time

from django.core.management.base import BaseCommand, CommandError

from projects.models import ReportingRound
from reports.services import refresh_snapshots


class Command(BaseCommand):
    help = (
        "Recompute the dashboard figures of every reporting round (or of one) from the accepted reports. "
        "Run nightly from cron; also after bulk changes to projects. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="the number of one round; default every round")
        parser.add_argument("--changed", action="store_true", help="only rounds whose data changed")

    def handle(self, *args, round=None, changed=False, **options):
        started = time.monotonic()
        reporting_round = None
        if round is not None:
            reporting_round = ReportingRound.objects.filter(pk=round).first()
            if reporting_round is None:
                raise CommandError(f"There is no reporting round {round}.")
        count = refresh_snapshots(round=reporting_round, force=not changed)
        self.stdout.write(
            f"Dashboard figures of {count} rounds refreshed in {time.monotonic() - started:.1f} s."
        )
