"""The long lists of report data, A2.3 (foreigners), A2.4 (citizens abroad), A2.6 and A2.7
(agreements and how they were carried out), kept out of memory: each is written once, in its
printed order, as JSON Lines (one canonical JSON object a line, UTF-8) into a member of a ZIP
file, then read back row by row as often as a page or a file needs it. The report's data
(JSON) keeps only each list's member, count and SHA-256, so a snapshot stays one small JSON
value with a verifiable hash, and its lists stay next to it in their own file
(ReportGeneration.rows_file, Submission.rows_file).

A list the form orders (A2.3, A2.4) is sorted on the way in by an external merge sort: runs of
RUN_ROWS rows are sorted in memory and spilled to temporary files, then merged. The order is
exactly that of `sorted()` (stable), and memory holds at most RUN_ROWS rows whatever the
list's length.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import IO, Any

MEMBERS = {"3": "A2.3.jsonl", "4": "A2.4.jsonl", "6": "A2.6.jsonl", "7": "A2.7.jsonl"}
RUN_ROWS = 1000  # rows sorted in memory at a time
MERGE_WIDTH = 64  # runs merged at a time (open temporary files)


class RowsDamaged(Exception):
    """A stored list does not match the count and SHA-256 its report data records."""


def canonical(row: dict) -> str:
    """A row as one line of canonical JSON (the form hashed and stored)."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- lines, in their order or sorted ------------------------------------------------------------


def lines(rows: Iterable[dict]) -> Iterator[str]:
    """The rows as canonical lines, in their own order."""
    return (canonical(row) for row in rows)


def sorted_lines(rows: Iterable[dict], key: Callable[[dict], Any]) -> Iterator[str]:
    """The rows as canonical lines in the order of `key`, as `sorted(rows, key=key)` gives
    them, with at most RUN_ROWS rows in memory."""
    runs: list[IO[str]] = []
    try:
        buffer: list[tuple[Any, str]] = []
        for row in rows:
            buffer.append((key(row), canonical(row)))
            if len(buffer) >= RUN_ROWS:
                runs.append(_spill(buffer))
                buffer = []
        if not runs:
            buffer.sort(key=itemgetter(0))
            yield from (line for _key, line in buffer)
            return
        if buffer:
            runs.append(_spill(buffer))
        while len(runs) > MERGE_WIDTH:  # merge neighbours first: stable, and few open files
            merged = []
            for start in range(0, len(runs), MERGE_WIDTH):
                group = runs[start : start + MERGE_WIDTH]
                merged.append(_write_run(_merge(group, key)))
                for run in group:
                    run.close()
            runs = merged
        yield from _merge(runs, key)
    finally:
        for run in runs:
            run.close()


def _spill(buffer: list[tuple[Any, str]]) -> IO[str]:
    buffer.sort(key=itemgetter(0))  # stable: equal keys keep their order
    return _write_run(line for _key, line in buffer)


def _write_run(lines: Iterable[str]) -> IO[str]:
    run = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="\n")  # noqa: SIM115
    for line in lines:
        run.write(line)
        run.write("\n")
    run.seek(0)
    return run


def _merge(runs: list[IO[str]], key: Callable[[dict], Any]) -> Iterator[str]:
    """heapq.merge is stable: of equal keys, the earlier run's line comes first."""
    streams = [(line.rstrip("\n") for line in run) for run in runs]
    return heapq.merge(*streams, key=lambda line: key(json.loads(line)))


# --- the ZIP of lists ---------------------------------------------------------------------------


class ListsWriter:
    """Writes the lists of one report data into a ZIP file (`output`, binary, seekable)."""

    def __init__(self, output: IO[bytes]):
        self.output = output
        self._archive = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED)

    def write(self, number: str, lines: Iterable[str]) -> dict:
        """Store list `number` ("3" or "4"); returns what the report data records of it."""
        member = MEMBERS[number]
        digest, count = hashlib.sha256(), 0
        info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._archive.open(info, "w", force_zip64=True) as entry:
            for line in lines:
                encoded = line.encode() + b"\n"
                digest.update(encoded)
                entry.write(encoded)
                count += 1
        return {"member": member, "count": count, "sha256": digest.hexdigest()}

    def close(self) -> None:
        self._archive.close()
        self.output.seek(0)


class StoredRows:
    """A list of rows read from its ZIP member each time it is iterated, in order; `len()` is
    its count. A complete pass checks the count and SHA-256 the report data records."""

    def __init__(self, open_file: Callable[[], IO[bytes]], stored: dict, *, close: bool):
        self._open_file = open_file
        self._close = close
        self.stored = stored

    def __len__(self) -> int:
        return self.stored["count"]

    def __bool__(self) -> bool:
        return self.stored["count"] > 0

    def __iter__(self) -> Iterator[dict]:
        return (json.loads(line) for line in self.lines())

    def lines(self) -> Iterator[str]:
        handle = self._open_file()
        try:
            with (
                zipfile.ZipFile(handle) as archive,
                archive.open(self.stored["member"]) as member,
            ):
                digest, count = hashlib.sha256(), 0
                for raw in member:
                    digest.update(raw)
                    count += 1
                    yield raw.decode().rstrip("\n")
            if count != self.stored["count"] or digest.hexdigest() != self.stored["sha256"]:
                raise RowsDamaged(f"{self.stored['member']} does not match its SHA-256")
        finally:
            if self._close:
                handle.close()

    def __repr__(self) -> str:
        return f"<StoredRows {self.stored['member']}: {self.stored['count']} rows>"
