"""`python -m benchmarks.reporting_memory <org-slug> <academic year>`: one annual report's files
generated in a fresh process, on the benchmark database that `benchmarks.run` made (it is
left under var/ for SQLite, or kept with --keep on PostgreSQL), printed as one JSON line:

    {"seconds": ..., "rss_growth_mb": ..., "tracemalloc_peak_mb": ..., "rows_a2_3": ...,
     "rows_a2_4": ..., "rows_a2_6": ..., "status": "done"}

A fresh process, so that the high-water mark of its resident memory (VmHWM) says what a
generation needs: the growth is the peak during the first generation minus the peak after
Django and every library the files need were imported. A second generation then runs under
tracemalloc for its peak of Python allocations (C allocations, e.g. lxml's, are not traced,
which is why both are printed). benchmarks.reporting runs it for two sizes.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import tracemalloc


def _rss_peak_mb() -> float:
    """The process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries the parent's
    peak over a fork and exec into it."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _generate(services, report, head):
    generation = services.generation_start(report=report, actor=head)
    generation.refresh_from_db()
    if generation.status == "pending":  # a database task backend without a worker
        generation = services.generation_run(generation_id=generation.pk)
    return generation


def main(argv: list[str]) -> int:
    slug, year = argv[0], int(argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django_scopes import scope

    from yntymaq.core.enums import Role
    from yntymaq.core.models import Membership, Organization
    from yntymaq.reporting import documents, queries, services  # noqa: F401 - loads the libraries

    organization = Organization.objects.get(slug=slug)
    head = (
        Membership.objects.filter(organization=organization, role=Role.SERVICE_HEAD)
        .select_related("user")
        .first()
        .user
    )
    with scope(organization=organization):
        report = queries.report_for_year(organization, year) or services.report_create(
            organization=organization, academic_year=year, actor=head
        )
        before = _rss_peak_mb()
        start = time.perf_counter()
        generation = _generate(services, report, head)
        seconds = time.perf_counter() - start
        growth = _rss_peak_mb() - before
        tracemalloc.start()
        traced = _generate(services, report, head)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures = queries.report_figures(queries.stored_data(traced))
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "rss_growth_mb": round(growth, 1),
                "tracemalloc_peak_mb": round(peak / 1024 / 1024, 1),
                "rows_a2_3": figures["foreigners"],
                "rows_a2_4": figures["citizens_abroad"],
                "rows_a2_6": figures["agreements"],
                "status": generation.status,
                "error": generation.error,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
