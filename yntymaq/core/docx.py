"""The one way Yntymaq builds DOCX tables and pages, used by every document it prints
(A1 questionnaire, enrollment order, A2 annual report, annual plan, specialty proposals).

Word and LibreOffice lay a table out differently unless the file says everything: so every
table written here has an explicit grid (`w:tblGrid` with a `w:gridCol` per column), a width
on every cell (`w:tcW`), a fixed layout (`w:tblLayout w:type="fixed"`), its own borders (no
dependency on a style), header rows marked to repeat on each page (`w:tblHeader`) and rows
that do not split across pages (`w:cantSplit`). Paragraphs never hyphenate
(`w:suppressAutoHyphens`). Widths are given in centimetres; a column must be wide enough for
the longest word it prints (tests render the documents with LibreOffice and check it).

Tables are written as XML strings (python-docx's per-cell API costs about 0.7 ms a cell), so
the same functions serve a table built in memory (`add_table`) and one streamed row by row
into a large file (`table_start_xml`, `row_xml`, reporting.documents).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table

TWIPS_PER_CM = 567  # 1440 twips an inch / 2.54
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
SIDES = ("top", "left", "bottom", "right")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ALIGN = {"left": "left", "center": "center", "right": "right", "both": "both"}


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def escape(text) -> str:
    """Text as it may stand in a `w:t` element (control characters dropped)."""
    return _NOT_XML.sub("", str(text)).replace("\r", "").translate(_ESCAPES)


def run_xml(text, *, bold: bool = False, italic: bool = False, size_pt: float | None = None) -> str:
    """One run; a newline in the text becomes a line break, a tab a tab."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size_pt:
        half_points = round(size_pt * 2)
        props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    parts = []
    for number, line in enumerate(str(text or "").split("\n")):
        if number:
            parts.append("<w:br/>")
        for tab_number, piece in enumerate(line.split("\t")):
            if tab_number:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def paragraph_xml(
    content="",
    *,
    bold: bool = False,
    size_pt: float | None = None,
    align: str | None = None,
    indent_cm: float = 0,
    space_after_pt: float | None = None,
    keep_next: bool = False,
) -> str:
    """A paragraph; `content` is a text or a list of runs (run_xml)."""
    props = "<w:keepNext/>" if keep_next else ""
    props += "<w:suppressAutoHyphens/>"
    if space_after_pt is not None:
        props += f'<w:spacing w:before="0" w:after="{round(space_after_pt * 20)}"/>'
    if indent_cm:
        props += f'<w:ind w:left="{twips(indent_cm)}"/>'
    if align:
        props += f'<w:jc w:val="{ALIGN[align]}"/>'
    runs = (
        "".join(content)
        if isinstance(content, list)
        else run_xml(content, bold=bold, size_pt=size_pt)
    )
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def _borders(sides: Sequence[str]) -> str:
    return "".join(BORDER.format(side=side) for side in sides)


def cell_xml(
    content,
    width: int,
    *,
    bold: bool = False,
    size_pt: float = 9,
    align: str | None = None,
    borders: Sequence[str] | None = None,
    span: int = 1,
) -> str:
    """A cell `width` twips wide. `content` is a text (one paragraph; newlines break lines),
    or a list of paragraphs (paragraph_xml). `borders` overrides the table's borders for this
    cell (e.g. () for none)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if borders is not None:
        props += (
            "<w:tcBorders>"
            + "".join(
                BORDER.format(side=side) if side in borders else f'<w:{side} w:val="nil"/>'
                for side in SIDES
            )
            + "</w:tcBorders>"
        )
    if isinstance(content, list):
        paragraphs = "".join(content) or paragraph_xml("")
    else:
        paragraphs = paragraph_xml(
            [run_xml(content, bold=bold, size_pt=size_pt)], align=align, space_after_pt=0
        )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def tr_xml(
    cells: Sequence[str],
    *,
    header: bool = False,
    height_cm: float | None = None,
    exact: bool = False,
    split: bool = False,
) -> str:
    """A row of cells already written (cell_xml). A header row repeats on each page; a row
    never splits across pages unless `split`; `height_cm` is its least (or `exact`) height."""
    props = "" if split else "<w:cantSplit/>"
    if height_cm:
        rule = "exact" if exact else "atLeast"
        props += f'<w:trHeight w:val="{twips(height_cm)}" w:hRule="{rule}"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def row_xml(
    cells: Sequence,
    widths: Sequence[int],
    *,
    header: bool = False,
    bold: bool | None = None,
    size_pt: float = 9,
) -> str:
    """A row of texts, a cell per width (twips). A header row is bold."""
    bold = header if bold is None else bold
    return tr_xml(
        [
            cell_xml(text, width, bold=bold, size_pt=size_pt)
            for text, width in zip(cells, widths, strict=True)
        ],
        header=header,
    )


def widths_twips(widths_cm: Sequence[float]) -> list[int]:
    return [twips(width) for width in widths_cm]


def scaled(relative: Sequence[float], total_cm: float) -> list[float]:
    """Relative column widths scaled to a table `total_cm` wide."""
    whole = sum(relative)
    return [total_cm * width / whole for width in relative]


def table_start_xml(widths: Sequence[int], *, borders: bool = True, center: bool = False) -> str:
    """A table's opening tag, properties and grid; rows (row_xml) and "</w:tbl>" follow."""
    total = sum(widths)
    props = f'<w:tblW w:w="{total}" w:type="dxa"/>'
    if center:
        props += '<w:jc w:val="center"/>'
    if borders:
        props += f"<w:tblBorders>{_borders((*SIDES, 'insideH', 'insideV'))}</w:tblBorders>"
    props += '<w:tblLayout w:type="fixed"/>'
    props += (
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"


TABLE_END = "</w:tbl>"


def table_xml(
    widths_cm: Sequence[float],
    rows: Iterable[Sequence],
    *,
    header: Sequence | None = None,
    size_pt: float = 9,
    borders: bool = True,
    center: bool = False,
) -> str:
    widths = widths_twips(widths_cm)
    parts = [table_start_xml(widths, borders=borders, center=center)]
    if header is not None:
        parts.append(row_xml(header, widths, header=True, size_pt=size_pt))
    parts.extend(row_xml(values, widths, size_pt=size_pt) for values in rows)
    parts.append(TABLE_END)
    return "".join(parts)


def append_xml(document, xml: str):
    """Parse tables or paragraphs (XML without namespace declarations) and add them at the end
    of the body, before its section properties; returns the first."""
    elements = list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"))
    body = document.element.body
    for element in elements:
        if body.sectPr is not None:
            body.sectPr.addprevious(element)
        else:
            body.append(element)
    return elements[0]


def add_table(
    document,
    widths_cm: Sequence[float],
    rows: Iterable[Sequence],
    *,
    header: Sequence | None = None,
    size_pt: float = 9,
    borders: bool = True,
    center: bool = False,
) -> Table:
    """A table with an explicit grid and widths (see the module's docstring), at the end."""
    xml = table_xml(widths_cm, rows, header=header, size_pt=size_pt, borders=borders, center=center)
    return Table(append_xml(document, xml), document._body)


def text_width_cm(document) -> float:
    """The width between the margins of the document's (first) section."""
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def new_document(
    *,
    landscape: bool = False,
    margins_cm: tuple[float, float, float, float] = (2, 2, 2, 2),
    font: str = "Times New Roman",
    size_pt: float = 11,
) -> Document:
    """An A4 document (margins top, right, bottom, left) whose Normal style never hyphenates
    and has no space after paragraphs beyond 4 pt."""
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    top, right, bottom, left = margins_cm
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size_pt)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    normal.paragraph_format.space_after = Pt(4)
    paragraph_props = normal.element.get_or_add_pPr()
    if paragraph_props.find(qn("w:suppressAutoHyphens")) is None:
        paragraph_props.insert_element_before(
            parse_xml(f"<w:suppressAutoHyphens {nsdecls('w')}/>"),
            *("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE"),
            *("w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing"),
            *("w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"),
            *("w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
            *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
        )
    return document


def to_bytes(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
