"""Reading printed DOCX back for the layout tests: each table's grid, layout and cell widths,
and the text LibreOffice lays out when it renders the file to PDF (skipped without
`soffice` and `pdftotext`)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are not installed",
)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def document_xml(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def tables(content: bytes) -> list[dict]:
    """Every top-level table: its grid (twips), layout type, and rows of (width, text) cells
    with whether the row is a repeated header row."""
    found = []
    for table in document_xml(content).iterfind("w:body/w:tbl", NS):
        layout = table.find("w:tblPr/w:tblLayout", NS)
        rows = []
        for row in table.iterfind("w:tr", NS):
            cells = []
            for cell in row.iterfind("w:tc", NS):
                width = cell.find("w:tcPr/w:tcW", NS)
                text = "\n".join(
                    "".join(t.text or "" for t in p.iterfind(".//w:t", NS))
                    for p in cell.iterfind("w:p", NS)
                )
                cells.append(
                    (
                        int(width.get(_w("w"))) if width is not None else None,
                        width.get(_w("type")) if width is not None else None,
                        text,
                    )
                )
            rows.append({"header": row.find("w:trPr/w:tblHeader", NS) is not None, "cells": cells})
        found.append(
            {
                "grid": [int(c.get(_w("w"))) for c in table.iterfind("w:tblGrid/w:gridCol", NS)],
                "layout": layout.get(_w("type")) if layout is not None else None,
                "rows": rows,
            }
        )
    return found


def assert_table_widths_explicit(table: dict) -> None:
    """Fixed layout, and every cell's width in twips equal to its grid column's."""
    assert table["layout"] == "fixed"
    for row in table["rows"]:
        assert [(width, kind) for width, kind, _text in row["cells"]] == [
            (width, "dxa") for width in table["grid"]
        ]


def paragraphs_text(content: bytes) -> list[str]:
    """The body's paragraphs outside tables, as text."""
    return [
        "".join(t.text or "" for t in p.iterfind(".//w:t", NS))
        for p in document_xml(content).iterfind("w:body/w:p", NS)
    ]


def libreoffice_text(content: bytes, name: str = "document.docx") -> str:
    """The file rendered to PDF by LibreOffice headless, its text as pdftotext extracts it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        source = path / name
        source.write_bytes(content)
        profile = (path / "profile").as_uri()
        subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            [  # noqa: S607 - soffice from the PATH, as Debian installs it
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = source.with_suffix(".pdf")
        result = subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],  # noqa: S607 - poppler from the PATH
            check=True,
            capture_output=True,
            timeout=60,
        )
        return result.stdout.decode()


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w]+", text))


def broken_words(expected_texts, rendered: str) -> list[str]:
    """Words of the expected texts (4 letters or more) that the rendering does not print
    whole (a column too narrow breaks a word mid-word). A compound broken at its hyphen is
    whole: pdftotext joins a line ending in a hyphen to the next ("әкімшілік-аумақтық" reads
    "әкімшілікаумақтық")."""
    printed = words(rendered)
    missing = set()
    for text in expected_texts:
        for compound in re.findall(r"\w+(?:-\w+)*", str(text)):
            if compound.replace("-", "") in printed:
                continue
            missing.update(w for w in compound.split("-") if len(w) >= 4 and w not in printed)
    return sorted(missing)
