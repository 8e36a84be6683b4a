"""The annual report's files (A2, R8.11): DOCX and PDF in the layout and wording of
Appendix 2 (heading with the organization's name and the year, items 1–9 in order, tables for
items 1–4), XLSX with the lists of A2.3 and A2.4, and a ZIP with the copies of A2.5 and A2.6.

Every file is rendered from report data (plain JSON) under `translation.override(language)`.
Large tables are written row by row without a per-cell API (lxml for DOCX, a small wrapping
routine for PDF), so 10,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fpdf import FPDF
from lxml import etree

from yntymaq.core.xlsx import write_xlsx

from . import layout, sources

# fpdf2 subsets fonts with fontTools, which reports every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(data: dict, kind: str, language: str = "") -> str:
    """E.g. annual-report-kaznu-2025-2026-ru.docx."""
    slug = data["organization"].get("slug") or "organization"
    year = data["year_label"].replace("/", "-")
    suffix = f"-{language}" if language else ""
    return f"annual-report-{slug}-{year}{suffix}.{kind}"


# --- DOCX -------------------------------------------------------------------------------------


def _docx_rows(table, rows: Iterable[list[str]], size_half_points: int) -> None:
    """Append body rows to a python-docx table as raw XML (fast for thousands of rows)."""
    body = table._tbl
    for cells in rows:
        tr = etree.SubElement(body, qn("w:tr"))
        for text in cells:
            tc = etree.SubElement(tr, qn("w:tc"))
            paragraph = etree.SubElement(tc, qn("w:p"))
            run = etree.SubElement(paragraph, qn("w:r"))
            properties = etree.SubElement(run, qn("w:rPr"))
            size = etree.SubElement(properties, qn("w:sz"))
            size.set(qn("w:val"), str(size_half_points))
            node = etree.SubElement(run, qn("w:t"))
            node.text = text
            node.set(XML_SPACE, "preserve")


def _docx_paragraph(anchor, text: str, *, bold=False, indent_twips=0, size_half_points=24):
    """Insert a paragraph as raw XML before `anchor` (the section properties), fast."""
    paragraph = etree.Element(qn("w:p"))
    if indent_twips:
        properties = etree.SubElement(paragraph, qn("w:pPr"))
        indent = etree.SubElement(properties, qn("w:ind"))
        indent.set(qn("w:left"), str(indent_twips))
    run = etree.SubElement(paragraph, qn("w:r"))
    run_properties = etree.SubElement(run, qn("w:rPr"))
    if bold:
        etree.SubElement(run_properties, qn("w:b"))
    size = etree.SubElement(run_properties, qn("w:sz"))
    size.set(qn("w:val"), str(size_half_points))
    node = etree.SubElement(run, qn("w:t"))
    node.text = text
    node.set(XML_SPACE, "preserve")
    anchor.addprevious(paragraph)


def render_docx(data: dict, language: str) -> bytes:
    """The report as DOCX in `language` ("ru" or "kk")."""
    with translation.override(language):
        document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.5))
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)

        appendix = document.add_paragraph(str(layout.APPENDIX))
        appendix.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        appendix.runs[0].font.size = Pt(10)
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(layout.heading(data))
        run.bold = True
        run.font.size = Pt(14)

        for number in range(1, 10):
            heading = document.add_paragraph()
            heading_run = heading.add_run(f"{number}. {layout.ITEM_TITLES[number]}")
            heading_run.bold = True
            item = data["items"][str(number)]
            if number <= 4:
                if not item["available"]:
                    document.add_paragraph(layout.not_available())
                else:
                    headers = layout.columns(number)
                    table = document.add_table(rows=1, cols=len(headers))
                    table.style = "Table Grid"
                    for cell, text in zip(table.rows[0].cells, headers, strict=True):
                        cell.text = ""
                        header_run = cell.paragraphs[0].add_run(text)
                        header_run.bold = True
                        header_run.font.size = Pt(9)
                    _docx_rows(table, layout.table_rows(data, number), 18)
                    if not item["rows"]:
                        document.add_paragraph(_("No entries."))
            else:
                anchor = document.element.body[-1]  # the section properties stay last
                for style, text in layout.item_paragraphs(data, number):
                    _docx_paragraph(
                        anchor,
                        text,
                        bold=style == "sub",
                        indent_twips=425 if style == "list" else 0,
                    )
            note = layout.note(data, number)
            if note:
                anchor = document.element.body[-1]
                for line in note.splitlines():
                    if line.strip():
                        _docx_paragraph(anchor, line)
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()


# --- PDF --------------------------------------------------------------------------------------


class _Pdf(FPDF):
    LINE = 3.4
    PAD = 0.8

    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=12)
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def footer(self):
        self.set_y(-9)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 4, str(self.page_no()), align="R")

    def _char_width(self, char: str) -> float:
        key = (self.font_family + self.font_style, self.font_size_pt)
        table = self._widths.setdefault(key, {})
        width = table.get(char)
        if width is None:
            width = table[char] = self.get_string_width(char)
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap by the font's character widths (long words are cut)."""
        lines: list[str] = []
        for paragraph in (text or "").split("\n"):
            current, current_width = "", 0.0
            space = self._char_width(" ")
            for word in paragraph.split():
                word_width = sum(self._char_width(c) for c in word)
                while word_width > width and len(word) > 1:
                    cut, cut_width = "", 0.0
                    for char in word:
                        if cut_width + self._char_width(char) > width:
                            break
                        cut += char
                        cut_width += self._char_width(char)
                    if current:
                        lines.append(current)
                        current, current_width = "", 0.0
                    lines.append(cut)
                    word = word[len(cut) :]
                    word_width = sum(self._char_width(c) for c in word)
                if current and current_width + space + word_width > width:
                    lines.append(current)
                    current, current_width = word, word_width
                elif current:
                    current += " " + word
                    current_width += space + word_width
                else:
                    current, current_width = word, word_width
            lines.append(current)
        return lines or [""]

    def text_block(self, text: str, *, bold=False, size=10, indent=0.0, align="L"):
        """A wrapped paragraph written line by line (multi_cell is slow for thousands)."""
        self.set_font("DejaVu", "B" if bold else "", size)
        height = size * 0.45
        width = self.epw - indent
        for line in self.wrap(text, width):
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                self.set_font("DejaVu", "B" if bold else "", size)
            y = self.get_y()
            if align == "L":
                x = self.l_margin + indent
            else:
                line_width = sum(self._char_width(c) for c in line)
                x = self.l_margin + indent + (width - line_width) / (2 if align == "C" else 1)
            self.text(x, y + height * 0.8, line)
            self.set_y(y + height)
        self.ln(0.8)

    def table(self, headers: list[str], rows: Iterable[list[str]], widths: list[int]):
        total = sum(widths)
        columns = [w * self.epw / total for w in widths]
        self._table_row(headers, columns, bold=True)
        for cells in rows:
            self._table_row(cells, columns, bold=False, headers=headers)
        self.ln(2)

    def _table_row(self, cells, columns, *, bold: bool, headers=None):
        self.set_font("DejaVu", "B" if bold else "", 7)
        wrapped = [
            self.wrap(text, width - 2 * self.PAD)
            for text, width in zip(cells, columns, strict=True)
        ]
        height = max(len(lines) for lines in wrapped) * self.LINE + 2 * self.PAD
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
            if headers is not None:
                self._table_row(headers, columns, bold=True)
                self.set_font("DejaVu", "", 7)
        x, y = self.l_margin, self.get_y()
        for lines, width in zip(wrapped, columns, strict=True):
            self.rect(x, y, width, height)
            for index, line in enumerate(lines):
                if line:
                    self.text(x + self.PAD, y + self.PAD + self.LINE * (index + 1) - 0.9, line)
            x += width
        self.set_y(y + height)


def render_pdf(data: dict, language: str) -> bytes:
    """The report as PDF in `language`, the same layout as the DOCX."""
    with translation.override(language):
        pdf = _Pdf()
        pdf.set_title(layout.heading(data))
        pdf.add_page()
        pdf.text_block(str(layout.APPENDIX), size=8, align="R")
        pdf.text_block(layout.heading(data), bold=True, size=13, align="C")
        for number in range(1, 10):
            pdf.text_block(f"{number}. {layout.ITEM_TITLES[number]}", bold=True, size=10)
            item = data["items"][str(number)]
            if number <= 4:
                if not item["available"]:
                    pdf.text_block(layout.not_available())
                else:
                    pdf.table(
                        layout.columns(number),
                        layout.table_rows(data, number),
                        layout.WIDTHS[number],
                    )
                    if not item["rows"]:
                        pdf.text_block(_("No entries."))
            else:
                for style, text in layout.item_paragraphs(data, number):
                    pdf.text_block(
                        text, bold=style == "sub", indent=6 if style == "list" else 0, size=9
                    )
            note = layout.note(data, number)
            if note:
                pdf.text_block(note, size=9)
        return bytes(pdf.output())


# --- XLSX -------------------------------------------------------------------------------------


def render_xlsx(data: dict, language: str):
    """The lists of A2.3 and A2.4 (a temporary file, rewound), rows streamed."""
    with translation.override(language):
        sheets = [
            ("A2.3", layout.columns(3), layout.table_rows(data, 3)),
            ("A2.4", layout.columns(4), layout.table_rows(data, 4)),
        ]
        return write_xlsx(sheets)


# --- ZIP of the copies ------------------------------------------------------------------------


def render_zip(organization, data: dict):
    """The copies that A2.5 and A2.6 ask for: the approved annual plan (DOCX, Russian and
    Kazakh) and the signed copies of the agreements. A temporary file, rewound."""
    output = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    year = data["academic_year"]
    missing = []
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for language in ("ru", "kk"):
            try:
                copy = sources.a2_5_copy(organization, year, language)
            except sources.SourceUnavailable:
                copy = None
            if copy:
                archive.writestr(
                    f"A2.5/annual-plan-{data['year_label'].replace('/', '-')}-{language}.docx", copy
                )
            elif language == "ru":
                missing.append("A2.5")
        try:
            copies = sources.a2_6_copies(organization, year)
        except sources.SourceUnavailable:
            copies = []
        for name, fieldfile in copies:
            try:
                with fieldfile.open("rb") as handle, archive.open(f"A2.6/{name}", "w") as target:
                    for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):
                        target.write(chunk)
            except FileNotFoundError:
                missing.append(f"A2.6/{name}")
        manifest = [
            "Yntymaq: A2.5, A2.6",
            f"{data['organization']['short_name']} {data['year_label']}",
        ]
        if missing:
            manifest.append("missing: " + ", ".join(missing))
        archive.writestr("README.txt", "\n".join(manifest) + "\n")
    output.seek(0)
    return output


# --- all files of a generation ----------------------------------------------------------------

LANGUAGES = ("ru", "kk")


def render_all(organization, data: dict, progress: Callable[[str, int], None]):
    """Yield (kind, language, name, file object or bytes) for every file of the report;
    `progress(step, percent)` is called before each."""
    steps = []
    for language in LANGUAGES:
        steps.append(("docx", language, render_docx))
    for language in LANGUAGES:
        steps.append(("pdf", language, render_pdf))
    for language in LANGUAGES:
        steps.append(("xlsx", language, render_xlsx))
    total = len(steps) + 1
    for position, (kind, language, render) in enumerate(steps):
        progress(f"{kind.upper()} {language}", 30 + 65 * position // total)
        yield kind, language, file_name(data, kind, language), render(data, language)
    progress("ZIP", 30 + 65 * len(steps) // total)
    yield "zip", "", file_name(data, "zip"), render_zip(organization, data)
