from django.core.management.base import BaseCommand, CommandError

from search.registry import reindexers
from search.services import index_rebuild


class Command(BaseCommand):
    help = "Empty the search index and re-index every kind the apps registered (or only --kind ones)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="only this kind (repeatable)")

    def handle(self, *args, kinds=None, **options):
        unknown = sorted(set(kinds or ()) - set(reindexers()))
        if unknown:
            raise CommandError(f"No app registered these kinds: {', '.join(unknown)}")
        counts = index_rebuild(kinds=kinds)
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"{kind}: {count}")
        if not counts:
            self.stdout.write("No app registered anything to index.")
