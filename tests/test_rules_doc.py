"""docs/rules.md is the traceability table: every clause, and code and tests that really exist."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = ROOT / "docs" / "rules.md"
SHARED_RULES = ROOT.parent / "shared" / "RULES.md"

CLAUSES = (
    [f"R2.{i}" for i in range(1, 15)]
    + ["R3", "R4", "R4.1", "R4.2", "R4.3", "R5", "R6", "R7"]
    + [f"R8.{i}" for i in range(1, 15)]
    + [f"A1.{i}" for i in range(1, 18)]
    + [f"A2.{i}" for i in range(1, 10)]
)


def rows():
    table = {}
    for line in RULES_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[RA][0-9.]+", cells[0]):
            clause, status, code, tests = cells
            assert clause not in table, f"{clause} appears twice"
            table[clause] = (status, code, tests)
    return table


def refs(cell: str) -> list[tuple[str, str]]:
    return [tuple(ref.strip("` ").split("::", 1)) for ref in cell.split(",") if ref.strip()]


def test_every_clause_has_exactly_one_row_in_order():
    assert list(rows()) == CLAUSES


@pytest.mark.skipif(not SHARED_RULES.exists(), reason="shared/RULES.md is not beside this clone")
def test_clause_list_matches_shared_rules():
    text = SHARED_RULES.read_text(encoding="utf-8")
    for clause in CLAUSES:
        assert re.search(rf"\b{re.escape(clause)}\b", text), clause


def test_statuses_are_known_and_done_rows_name_code_and_tests():
    problems = []
    for clause, (status, code, tests) in rows().items():
        if status not in {"done", "partial", "not yet"}:
            problems.append(f"{clause}: unknown status {status!r}")
        if status in {"done", "partial"} and not (code and tests):
            problems.append(f"{clause}: {status} needs code and tests")
    assert problems == []


def test_named_code_and_tests_exist():
    missing = []
    for clause, (_status, code, tests) in rows().items():
        for path, name in refs(code) + refs(tests):
            source = ROOT / path
            last = name.split(".")[-1]
            if not source.exists() or not re.search(
                rf"^\s*(def|class) {re.escape(last)}\b|^{re.escape(last)} =",
                source.read_text(encoding="utf-8"),
                re.MULTILINE,
            ):
                missing.append(f"{clause}: {path}::{name}")
    assert missing == []
