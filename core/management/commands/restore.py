from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured database, which must be new and empty, and the media "
        "folder, which must be empty. Checks every checksum first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        if connection.vendor == "postgresql" and connection.introspection.table_names():
            raise CommandError(
                "The database already has tables: create a new, empty database to restore into."
            )
        connection.close()
        try:
            manifest = backup_restore(
                archive=archive, database=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT)
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({len(manifest['files'])} files checked)."
        )
