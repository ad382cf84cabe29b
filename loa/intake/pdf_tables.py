"""Tables in PDF layout text: the appendix of tasks, rebuilt from where the text sits on the line.

pypdf's layout mode keeps each character near its place on the page, so a table's columns are
separated by vertical strips of blank space ("gutters") that run through every row. A table starts
at a header line naming its columns ("STT … Nhiệm vụ …"); its rows start where the first column
holds a number, and a cell's text wrapped over several lines is joined back.
"""

import re

from loa.core.text import fold, normalize

_HEADER = re.compile(r"\b(?:stt|tt)\b.*\b(?:nhiem vu|noi dung)\b")
_TABLE_END = re.compile(r"^\s*(?:Nơi nhận|Trên đây|[IVX]{1,4}\.\s|PHỤ LỤC|Phụ lục)")


def layout_tables(text: str) -> list[list[list[str]]]:
    lines = text.split("\n")
    tables = []
    index = 0
    while index < len(lines):
        if _HEADER.search(fold(lines[index])):
            end = index + 1
            while end < len(lines) and not _TABLE_END.match(lines[end]):
                end += 1
            table = _rebuild(lines[index:end])
            if table:
                tables.append(table)
            index = end
        else:
            index += 1
    return tables


def _rebuild(block: list[str]) -> list[list[str]]:
    header_lines = [block[0]]
    body = [line for line in block[1:] if line.strip()]
    # A header label may wrap ("Thời gian" / "hoàn thành"): lines before the first numbered row are header.
    while body and not re.match(r"^\s*\d{1,3}\.?\s", body[0]):
        header_lines.append(body.pop(0))
    if not body:
        return []
    columns = _columns(body)
    if len(columns) < 3:
        return []
    header = [normalize(" ".join(_slice(line, a, b) for line in header_lines)) for a, b in columns]
    rows: list[list[str]] = []
    for line in body:
        cells = [_slice(line, a, b) for a, b in columns]
        if re.fullmatch(r"\d{1,3}\.?", cells[0].strip()) or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
    return [header, *[[normalize(cell) for cell in row] for row in rows]]


def _columns(lines: list[str]) -> list[tuple[int, int]]:
    """Column spans between gutters: positions no row has a letter in, at least two characters wide."""
    width = max(len(line) for line in lines)
    used = [False] * width
    for line in lines:
        for position, char in enumerate(line):
            if not char.isspace():
                used[position] = True
    spans: list[tuple[int, int]] = []
    start: int | None = None
    gap = 0
    for position, taken in enumerate([*used, False, False]):
        if taken:
            if start is None:
                start = position
            gap = 0
        elif start is not None:
            gap += 1
            if gap >= 2:
                spans.append((start, position - gap + 1))
                start, gap = None, 0
    return spans


def _slice(line: str, start: int, end: int) -> str:
    return line[start:end].strip()
