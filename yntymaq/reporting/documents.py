"""The annual report's files (A2, R8.11): DOCX and PDF in the layout and wording of
Appendix 2 (heading with the organization's name and the year, items 1–9 in order, tables for
items 1–4), XLSX with the lists of A2.3 and A2.4, and a ZIP with the copies of A2.5 and A2.6.

Every file is rendered from report data (plain JSON, its long lists read row by row from
their rows file, see reporting.lists) under `translation.override(language)`. Large
tables are written row by row without a per-cell API (XML strings spliced into the DOCX, a
small wrapping routine for PDF, openpyxl's write-only mode for XLSX), so 10,000 rows take
seconds, not minutes, and only the PDF needs memory that grows with them (fpdf2 keeps every
page until it writes the file).
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from docx.document import Document
from fpdf import FPDF
from fpdf.output import OutputProducer
from lxml import etree

from yntymaq.core import docx
from yntymaq.core.xlsx import write_xlsx

from . import layout, sources

# fpdf2 subsets fonts with fontTools, which reports every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(data: dict, kind: str, language: str = "") -> str:
    """E.g. annual-report-kaznu-2025-2026-ru.docx."""
    slug = data["organization"].get("slug") or "organization"
    year = data["year_label"].replace("/", "-")
    suffix = f"-{language}" if language else ""
    return f"annual-report-{slug}-{year}{suffix}.{kind}"


def rows_file_name(data: dict) -> str:
    """The name of the rows file (the long lists as JSON Lines in a ZIP)."""
    return file_name(data, "zip", "lists")


# --- DOCX -------------------------------------------------------------------------------------

# python-docx lays out the skeleton (styles, heading, the items' headings, the tables' header
# rows); where rows or paragraphs belong it leaves a marker comment, and while document.xml is
# copied into the output the markers are replaced by that XML, written row by row. So the
# document's tree never holds the lists, whatever their length.
MARKER = re.compile(r"<!--yntymaq:(\d):(rows|text)-->")
WRITE_BUFFER = 64 * 1024
PAGE_MARGINS_CM = (1.5, 1.5, 1.5, 1.5)
TABLE_WIDTH_CM = 29.7 - 3.0  # landscape A4 between the margins


def table_widths(number: int) -> list[int]:
    """The columns of item `number`'s table in twips: layout.WIDTHS scaled to the page."""
    return docx.widths_twips(docx.scaled(layout.WIDTHS[number], TABLE_WIDTH_CM))


def _docx_paragraph(text: str, *, bold=False, indent_cm=0.0, size_pt=12) -> str:
    return docx.paragraph_xml(text, bold=bold, size_pt=size_pt, indent_cm=indent_cm)


def _docx_text(data: dict, number: int) -> Iterator[str]:
    """What follows item `number`'s table or heading: items 5–9's paragraphs, then its note."""
    if number > 4:
        for style, text in layout.item_paragraphs(data, number):
            yield _docx_paragraph(
                text, bold=style == "sub", indent_cm=0.75 if style == "list" else 0
            )
    for line in layout.note(data, number).splitlines():
        if line.strip():
            yield _docx_paragraph(line)


def _docx_skeleton(data: dict) -> Document:
    document = docx.new_document(landscape=True, margins_cm=PAGE_MARGINS_CM, size_pt=12)
    docx.append_xml(document, docx.paragraph_xml(str(layout.APPENDIX), size_pt=10, align="right"))
    docx.append_xml(
        document, docx.paragraph_xml(layout.heading(data), bold=True, size_pt=14, align="center")
    )
    for number in range(1, 10):
        docx.append_xml(
            document,
            docx.paragraph_xml(layout.item_title(data, number), bold=True, keep_next=number <= 4),
        )
        item = data["items"][str(number)]
        if number <= 4:
            if not item["available"]:
                docx.append_xml(document, docx.paragraph_xml(layout.not_available()))
            else:
                widths = table_widths(number)
                docx.append_xml(
                    document,
                    docx.table_start_xml(widths)
                    + docx.row_xml(layout.columns(number), widths, header=True)
                    + f"<!--yntymaq:{number}:rows-->"
                    + docx.TABLE_END,
                )
                if not item["rows"]:
                    docx.append_xml(document, docx.paragraph_xml(_("No entries.")))
        # the section properties stay last
        document.element.body[-1].addprevious(etree.Comment(f"yntymaq:{number}:text"))
    fallback = layout.fallback_note(data)
    if fallback:
        docx.append_xml(document, docx.paragraph_xml(fallback, size_pt=10))
    return document


def write_docx(data: dict, language: str, output: IO[bytes]) -> None:
    """The report as DOCX in `language` ("ru" or "kk"), written into `output`."""
    with translation.override(language):
        skeleton = io.BytesIO()
        _docx_skeleton(data).save(skeleton)
        with (
            zipfile.ZipFile(skeleton) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    target.writestr(info, source.read(info))
                    continue
                xml = source.read(info).decode()
                with target.open(_copy_info(info), "w") as entry:
                    position = 0
                    for marker in MARKER.finditer(xml):
                        entry.write(xml[position : marker.start()].encode())
                        number = int(marker[1])
                        if marker[2] == "rows":
                            widths = table_widths(number)
                            parts = (
                                docx.row_xml(cells, widths)
                                for cells in layout.table_rows(data, number)
                            )
                        else:
                            parts = _docx_text(data, number)
                        _write_buffered(entry, parts)
                        position = marker.end()
                    entry.write(xml[position:].encode())


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    return copy


def _write_buffered(entry: IO[bytes], parts: Iterable[str]) -> None:
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= WRITE_BUFFER:
            entry.write("".join(buffer).encode())
            buffer, size = [], 0
    entry.write("".join(buffer).encode())


def render_docx(data: dict, language: str) -> bytes:
    """The report as DOCX in `language`, as bytes (the generation writes it to a file)."""
    output = io.BytesIO()
    write_docx(data, language, output)
    return output.getvalue()


# --- PDF --------------------------------------------------------------------------------------


class _Deflated(bytearray):
    """The contents of a finished page, already compressed (see _Pdf.add_page)."""


class _PdfOutput(OutputProducer):
    """fpdf2's output for a _Pdf: the content stream of a page deflated when it was finished
    is stored as it is, not compressed a second time."""

    def _add_pages(self, _slice=slice(0, None)):
        deflated = {}
        for page in self.fpdf.pages.values():
            if isinstance(page.contents, _Deflated):
                deflated[page.index()] = bytes(page.contents)
                page.contents = bytearray()
        pages = super()._add_pages(_slice)
        for page in pages:
            stream = deflated.pop(page.index(), None)
            if stream is not None:
                page.contents._contents = stream  # a FlateDecode stream: fpdf.compress is on
                page.contents.length = len(stream)
        return pages


class _Pdf(FPDF):
    """fpdf2 keeps every page in memory until it writes the file; each page is deflated as
    soon as it is finished, so what it keeps is about the size of the PDF itself."""

    LINE = 3.4
    PAD = 0.8

    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=12)
        self.alias_nb_pages(None)  # no "{nb}" in our texts: finished pages never change
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def add_page(self, *args, **kwargs):
        finished = self.page
        super().add_page(*args, **kwargs)
        if finished and self.compress:
            page = self.pages[finished]
            page.contents = _Deflated(zlib.compress(page.contents))

    def output(self, *args, **kwargs):
        return super().output(*args, output_producer_class=_PdfOutput, **kwargs)

    def footer(self):
        self.set_y(-9)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 4, str(self.page_no()), align="R")

    def _width_table(self) -> dict[str, float]:
        """Widths of the current font's characters, measured once each."""
        key = (self.font_family + self.font_style, self.font_size_pt)
        return self._widths.setdefault(key, {})

    def _width(self, table: dict[str, float], text: str) -> float:
        """The width of `text`: the sum of its characters' widths, left to right."""
        try:
            return sum(map(table.__getitem__, text))
        except KeyError:
            for char in text:
                if char not in table:
                    table[char] = self.get_string_width(char)
            return sum(map(table.__getitem__, text))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap by the font's character widths (long words are cut)."""
        table = self._width_table()
        lines: list[str] = []
        for paragraph in (text or "").split("\n"):
            current, current_width = "", 0.0
            space = self._width(table, " ")
            for word in paragraph.split():
                word_width = self._width(table, word)
                while word_width > width and len(word) > 1:
                    cut, cut_width = "", 0.0
                    for char in word:
                        if cut_width + table[char] > width:
                            break
                        cut += char
                        cut_width += table[char]
                    if current:
                        lines.append(current)
                        current, current_width = "", 0.0
                    lines.append(cut)
                    word = word[len(cut) :]
                    word_width = self._width(table, word)
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
                line_width = self._width(self._width_table(), line)
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
            pdf.text_block(layout.item_title(data, number), bold=True, size=10)
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
        fallback = layout.fallback_note(data)
        if fallback:
            pdf.text_block(fallback, size=8)
        return bytes(pdf.output())


# --- XLSX -------------------------------------------------------------------------------------


def render_xlsx(data: dict, language: str):
    """The lists of A2.3 and A2.4 (a temporary file, rewound), rows streamed."""
    with translation.override(language):
        sheets = [
            ("A2.3", layout.columns(3), layout.table_rows(data, 3)),
            ("A2.4", layout.columns(4), layout.table_rows(data, 4)),
        ]
        return write_xlsx(sheets, output=tempfile.TemporaryFile())


# --- ZIP of the copies ------------------------------------------------------------------------


def render_zip(organization, data: dict):
    """The copies that A2.5 and A2.6 ask for: the approved annual plan (DOCX, Russian and
    Kazakh) and the signed copies of the agreements. A temporary file, rewound."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
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


def docx_file(data: dict, language: str) -> IO[bytes]:
    """The DOCX in a temporary file, rewound (what the generation stores)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    write_docx(data, language, output)
    output.seek(0)
    return output


def render_all(organization, data: dict, progress: Callable[[str, int], None]):
    """Yield (kind, language, name, file object or bytes) for every file of the report;
    `progress(step, percent)` is called before each. DOCX, XLSX and ZIP come as temporary
    files (flat memory), the PDF as bytes (fpdf2 holds it in memory anyway)."""
    steps = []
    for language in LANGUAGES:
        steps.append(("docx", language, docx_file))
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
