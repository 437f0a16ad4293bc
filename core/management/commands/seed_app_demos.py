import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import seeders


class Command(BaseCommand):
    help = "Create the demo data of projects, governance, content and reports (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed: int, **options):
        if not settings.DEV:
            raise CommandError("Demo data exists only in development (LAOCSO_ENV=dev).")
        for label, seed_demo in seeders().items():
            seed_demo(rng=random.Random(f"{label}-{seed}"), stdout=self.stdout)  # noqa: S311 (demo data)
