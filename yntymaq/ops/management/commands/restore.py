"""`manage.py restore FILE`: a backup into an empty database and an empty media storage."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from yntymaq.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the (new, empty) database of "
        "DATABASE_URL and the empty media storage, then check every table's row count and "
        "every file's SHA-256 against its manifest. Refuses a database or storage that holds "
        "anything."
    )
    requires_system_checks = []  # the database is empty until the restore
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive (yntymaq-YYYYmmdd-HHMMSS.tar).")

    def handle(self, *args, **options):
        try:
            manifest = backup_restore(options["file"])
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        finally:
            connections.close_all()
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"restored and verified: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{len(manifest['media'])} files"
        )
