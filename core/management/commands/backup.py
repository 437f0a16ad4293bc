from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.backup import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into one archive with checksums (encrypted when "
        "BACKUP_ENCRYPTION_KEY is set). Safe while the platform runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Folder for the archive (default: var/backups).",
        )

    def handle(self, *args, to: Path, **options):
        archive = backup_create(destination=to)
        self.stdout.write(f"{archive} ({archive.stat().st_size:,} bytes)")
