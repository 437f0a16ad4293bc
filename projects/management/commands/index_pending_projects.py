from django.core.management.base import BaseCommand

from projects.index import index_pending


class Command(BaseCommand):
    help = (
        "Write the search index rows of projects that a bulk import left pending. Run every minute or so "
        "from cron; safe to run at the same time as another copy (rows are locked, skipped if taken)."
    )

    def handle(self, *args, **options):
        count = index_pending()
        self.stdout.write(f"{count} projects indexed.")
