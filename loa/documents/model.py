"""Plain data describing a "văn bản có tên loại" (Mẫu 1.4 of Nghị định 30/2020): plans, reports, programmes.

No Django and no layout here: the caller supplies already formatted text (dates, numbers, final punctuation of
legal bases and recipients) and the writer owns numbering, fonts and positions.
"""

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["part", "section", "clause", "point", "para", "bullet", "subbullet", "note"]

# Usable width (page minus margins) the writer lays tables on; Table.widths_mm should add up to about these.
PORTRAIT_TEXT_WIDTH_MM = 165.0
LANDSCAPE_TEXT_WIDTH_MM = 257.0


@dataclass
class Block:
    """One body paragraph; the writer adds the numbers, so `text` never starts with "I.", "1." or "a)".

    part: "Phần I" (numbered by the writer) on its own line, then `text` as a bold caps title; section numbering
    restarts in each part. section: "I. TEXT" bold caps. clause: "1." (bold with its title), restarting in each
    section. point: "a)" in Vietnamese letter order, restarting in each clause. para: justified, first-line indent.
    bullet: "- text". subbullet: "+ text". note: italic centred line.
    A titled clause or point renders the title as a bold lead-in, followed by ": text" when `text` is not empty.
    """

    kind: BlockKind
    text: str
    title: str = ""


@dataclass
class Table:
    """A bordered table; widths are scaled to span the text width exactly, so they only need to be about right.

    A row listed in `group_rows` is drawn as one merged, bold cell holding its non-empty cells joined by a space;
    a row in `bold_rows` (a total) keeps its cells and is bold. Columns in `figure_columns` are centred.
    A cell may hold several lines separated by "\\n".
    """

    headers: list[str]
    widths_mm: list[float]
    rows: list[list[str]]
    group_rows: set[int] = field(default_factory=set)
    bold_rows: set[int] = field(default_factory=set)
    figure_columns: set[int] = field(default_factory=set)


@dataclass
class Appendix:
    """An appendix on its own section, with page numbers restarting at 1."""

    label: str
    title: str
    reference: str
    table: Table
    landscape: bool = True


@dataclass
class Nd30Document:
    """A whole document; see domain.md §8 for what each box means.

    `kinh_gui` entries carry no leading "- " and no final punctuation: the writer adds "Kính gửi:", the dashes, ";"
    and the final ".". `recipients` entries carry their own ";" / "." but not the leading "- ".
    """

    parent_issuer: str
    issuer: list[str]
    number: str
    place_date: str
    type_name: str
    summary: list[str]
    bases: list[str]
    body: list[Block]
    closing: str
    recipients: list[str]
    signature: list[str]
    signer_name: str
    kinh_gui: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    draft: bool = False
    core_title: str = ""
