from django.core.management.base import BaseCommand

from content.services import publish_due


class Command(BaseCommand):
    help = (
        "Announce scheduled news, events, documents and opportunities whose time has come: add them to "
        "the search index and refresh the cached pages (cron: every 5 minutes)."
    )

    def handle(self, *args, **options):
        count = publish_due()
        if options["verbosity"] > 1 or count:
            self.stdout.write(f"Items published: {count}")
