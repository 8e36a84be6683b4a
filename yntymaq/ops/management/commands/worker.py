"""`manage.py worker`: the background task worker, with a heartbeat for /readyz."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from yntymaq.ops.heartbeats import HeartbeatThread


class Command(DatabaseWorkerCommand):
    help = (
        "Run background tasks (report files, reminders) from the database queue until stopped, "
        "recording a heartbeat every 30 seconds. Takes db_worker's options."
    )

    def handle(self, *args, **options):
        heartbeat = HeartbeatThread("worker")
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
