import time

from django.core.management.base import BaseCommand, CommandError

from projects.models import ReportingRound
from reports import national_report


class Command(BaseCommand):
    help = (
        "Make the national report files (PDF, DOCX, XLSX in Lao and English) of every round with accepted "
        "reports, or of one, so that downloads are instant. Files whose figures did not change are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="the number of one round; default every round")
        parser.add_argument("--force", action="store_true", help="make the files again even if unchanged")

    def handle(self, *args, round=None, force=False, **options):
        rounds = [entry.round for entry in national_report.report_rounds()]
        if round is not None:
            rounds = [r for r in rounds if r.pk == round]
            if not rounds:
                exists = ReportingRound.objects.filter(pk=round).exists()
                raise CommandError(
                    f"Round {round} has no accepted reports."
                    if exists
                    else f"There is no reporting round {round}."
                )
        for reporting_round in rounds:
            for language, _name in national_report.LANGUAGES:
                for fmt in national_report.FORMATS:
                    started = time.monotonic()
                    stored = national_report.national_report_file(
                        reporting_round, language=language, fmt=fmt, force=force
                    )
                    self.stdout.write(f"{stored.name} ({time.monotonic() - started:.1f} s)")
