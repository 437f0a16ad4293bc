from django.core.management.base import BaseCommand

from core.reference import reference_data_load


class Command(BaseCommand):
    help = (
        "Load provinces, districts, sector groups, themes, SDGs, plan outcomes, ethnic groups and milestones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite rows that exist with the shipped files (undoes edits made in the admin).",
        )

    def handle(self, *args, update: bool, **options):
        for loaded in reference_data_load(update=update):
            name = loaded.model._meta.verbose_name_plural
            self.stdout.write(
                f"{name}: {loaded.created} created, {loaded.updated} updated, "
                f"{loaded.model.objects.count()} in all"
            )
