"""Close the elections whose voting time has ended and publish their results. For cron, every few
minutes: `manage.py close_elections`. Safe to run again; an election closed by hand is skipped."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from governance.models import Election
from governance.services import election_close


class Command(BaseCommand):
    help = "Close and count the elections whose voting time has ended."

    def handle(self, *args, **options):
        closed, failed = 0, 0
        for election in Election.objects.filter(status=Election.Status.OPEN, closes_at__lte=timezone.now()):
            try:
                election_close(election=election, by=None)
                closed += 1
            except ValidationError as error:  # e.g. ballots and records of voting disagree: never publish
                failed += 1
                self.stderr.write(f"Election {election.pk} not closed: {error.messages[0]}")
        self.stdout.write(f"{closed} elections closed, {failed} refused.")
