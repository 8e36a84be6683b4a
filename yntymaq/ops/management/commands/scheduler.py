"""`manage.py scheduler`: the process that runs the daily jobs on time (see ops.scheduler)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from yntymaq.ops import heartbeats
from yntymaq.ops.jobs import JOBS
from yntymaq.ops.models import ScheduledRun
from yntymaq.ops.scheduler import Scheduler, latest_slot, run_all_due, trigger


class Command(BaseCommand):
    help = (
        "Run the daily jobs on their schedule until stopped (one process per machine is fine: "
        "each job runs once per slot). --list shows the jobs, --once runs what is due and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Show the jobs and their runs.")
        parser.add_argument("--once", action="store_true", help="Run every due job, then exit.")

    def handle(self, *args, **options):
        if options["list"]:
            return self.list_jobs()
        if options["once"]:
            runs = run_all_due(heartbeats.instance_name())
            for run in runs:
                self.stdout.write(f"{run.job}: {run.status} {run.result or run.error}")
            if not runs:
                self.stdout.write("nothing due")
            return None
        Scheduler().start()
        return None

    def list_jobs(self):
        now = timezone.now()
        for job in JOBS:
            due = latest_slot(job, now)
            run = ScheduledRun.objects.filter(job=job.name).order_by("-slot").first()
            following = trigger(job).get_next_fire_time(None, now)
            last = (
                f"{run.status} for {timezone.localtime(run.slot):%Y-%m-%d %H:%M}"
                if run
                else "never run"
            )
            self.stdout.write(
                f"{job.name:<22} {job.cron:<12} last: {last}; "
                f"next: {timezone.localtime(following):%Y-%m-%d %H:%M}"
                + (" (due now)" if due and (run is None or run.slot < due) else "")
            )
