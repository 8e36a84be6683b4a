"""The long lists of report data kept out of memory (reporting.lists): sorted in runs, written
as JSON Lines in a ZIP, read back in order and checked against their SHA-256."""

import hashlib
import io
import json
import zipfile

import pytest

from yntymaq.reporting import lists


def _order(row):
    return (row["name"].casefold(), row["year"])


ROWS = [
    {"id": 1, "name": "Омаров", "year": 1990},
    {"id": 2, "name": "ахметов", "year": 2001},
    {"id": 3, "name": "WANG", "year": 2004},
    {"id": 4, "name": "Ахметов", "year": 2001},
    {"id": 5, "name": "Әлиев", "year": 1999},
    {"id": 6, "name": "ахметов", "year": 1998},
    {"id": 7, "name": "wang", "year": 2004},
]


@pytest.mark.parametrize("run_rows", [2, 3, 1000])
def test_sorted_lines_give_the_order_of_sorted_keeping_equal_keys_in_turn(monkeypatch, run_rows):
    monkeypatch.setattr(lists, "RUN_ROWS", run_rows)
    monkeypatch.setattr(lists, "MERGE_WIDTH", 2)  # with 2 rows a run, runs are merged twice

    ordered = [json.loads(line)["id"] for line in lists.sorted_lines(iter(ROWS), _order)]

    assert ordered == [3, 7, 6, 2, 4, 1, 5]
    assert ordered == [row["id"] for row in sorted(ROWS, key=_order)]


def test_a_list_is_stored_as_canonical_json_lines_with_its_count_and_sha256():
    output = io.BytesIO()
    writer = lists.ListsWriter(output)

    stored = writer.write("3", lists.lines([{"b": 1, "a": "Қ"}, {"a": "ү"}]))
    writer.close()

    content = '{"a":"Қ","b":1}\n{"a":"ү"}\n'.encode()
    assert stored == {
        "member": "A2.3.jsonl",
        "count": 2,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert zipfile.ZipFile(output).read("A2.3.jsonl") == content


def test_stored_rows_are_read_back_in_order_as_often_as_needed():
    output = io.BytesIO()
    writer = lists.ListsWriter(output)
    stored = writer.write("4", lists.lines([{"n": 1}, {"n": 2}, {"n": 3}]))
    writer.close()

    rows = lists.StoredRows(lambda: output, stored, close=False)

    assert (len(rows), bool(rows)) == (3, True)
    assert list(rows) == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert [row["n"] for row in rows] == [1, 2, 3]


def test_a_changed_list_does_not_pass_for_the_stored_one():
    output = io.BytesIO()
    writer = lists.ListsWriter(output)
    stored = writer.write("3", lists.lines([{"name": "WANG LEI"}]))
    writer.close()
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as archive:
        archive.writestr("A2.3.jsonl", '{"name":"LI NA"}\n')

    rows = lists.StoredRows(lambda: changed, stored, close=False)

    with pytest.raises(lists.RowsDamaged):
        list(rows)
