"""`manage.py backup`: one timestamped archive of the database and the uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yntymaq.ops.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Write yntymaq-YYYYmmdd-HHMMSS.tar (pg_dump custom format or an SQLite copy, every "
        "uploaded file, and manifest.json with the row count of every table and the SHA-256 "
        "of every file) into BACKUP_DIR. Safe while the system runs: one snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Folder for the archive (default: BACKUP_DIR).")
        parser.add_argument(
            "--keep", type=int, default=0, help="Then delete all but the newest KEEP archives."
        )

    def handle(self, *args, **options):
        directory = Path(options["output"] or getattr(settings, "BACKUP_DIR", "var/backups"))
        try:
            archive = backup_create(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
        if options["keep"]:
            for old in backups_prune(directory, options["keep"]):
                self.stdout.write(f"deleted {old}")
