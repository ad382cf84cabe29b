"""HTML text: the main content of a web page as lines, scripts and page furniture left out.

Portals wrap a published plan in menus, sidebars, share buttons and footers. The page is parsed
with the standard library into a small tree; the main content is the `<article>` or `<main>`
element, else the block whose class or id says content ("content", "detail", "noidung", …), else
the body. Script, style and navigation elements are dropped whole; nothing is ever executed.

The parse is bounded by counts, not by a clock (the same page gives the same answer on any machine): at
most _MAX_TAGS tags, _MAX_DEPTH open elements, _MAX_TABLE_DEPTH tables inside tables and _MAX_UNFINISHED
constructs left open at the end of the page. A page past them raises `TooComplex` (the reader turns it into a
Vietnamese message) before the tree is walked, so the walk stays linear in the page: a plan's page has a few
thousand tags, ten levels of tables at most.
"""

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "head",
        "title",
        "object",
        "embed",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "hr",
    }
)
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"})
_CONTENT_HINT = re.compile(r"content|detail|article|noi-?dung|noidung|news-body|post-body|entry|chi-?tiet", re.I)
_FURNITURE_HINT = re.compile(r"menu|nav|sidebar|footer|breadcrumb|share|social|comment|related|banner", re.I)
_MAX_DEPTH = 200
_MAX_TAGS = 100_000
_MAX_TABLE_DEPTH = 10
# The standard parser (before Python 3.11.13, CVE-2025-6069) scans to the end of the page again for every "<" that
# follows a tag, quote or comment left open at the end: each such construct costs a pass over the whole page, and a
# 4 MB page with thousands of them took five minutes. A real page ends with at most one or two.
_MAX_UNFINISHED = 20
# The standard parser finds where a start tag ends with a regular expression whose repeat keeps a backtracking record
# per attribute: a tag of 700,000 "attributes" (a 4 MB page with one "<" left open) took 330 MB. The separators
# between attributes are counted first, up to where the tag really ends (found by the same expression with a
# possessive repeat, which keeps no record); a real tag has tens of them, an inline SVG path thousands.
_MAX_TAG_SEPARATORS = 50_000
_START_TAG_END = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?
      (?:\s|/(?!>))*
     )*+
   )?
""",
    re.VERBOSE,
)

# Collapsing the white space of a text of a million one-letter words makes a string object per word, whether by
# `split()` or by `re.sub` (a 4 MB page took 350 MB). So the letters of a block are counted first, without copying
# (`str.count` of each white-space character), and a page past the bound is refused before its text is collapsed.
_WHITESPACE = re.compile(r"\s+")
_SPACE_CHARACTERS = tuple(chr(c) for c in range(0x3001) if chr(c).isspace())  # what \s matches; none above U+3000
# What separates a tag's attributes for the expression: any \s (U+3000 too) or "/".
_SEPARATORS = (*_SPACE_CHARACTERS, "/")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _letters(text: str) -> int:
    """How many characters of `text` are not white space: at most what it collapses to, counted without a copy."""
    return len(text) - sum(text.count(space) for space in _SPACE_CHARACTERS)


class TooComplex(Exception):
    """The page is past one of the parse's bounds: `what` names which (tags, depth, tables, unfinished, attributes or
    text)."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(what)
        self.what, self.limit = what, limit


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]
        self.tags = 0
        self.open: dict[str, int] = {}  # how many of each tag are on the stack: an unmatched end tag costs O(1)
        self.closing, self.unfinished = False, 0

    def _count(self) -> None:
        self.tags += 1
        if self.tags > _MAX_TAGS:
            raise TooComplex("tags", _MAX_TAGS)

    def close(self) -> None:
        self.closing, self.unfinished = True, 0
        super().close()

    def _finished(self, k: int) -> int:
        """At the end of the input (close), a construct the parser cannot finish (k < 0) costs a pass over the
        rest of the page: count them (see _MAX_UNFINISHED)."""
        if k < 0 and self.closing:
            self.unfinished += 1
            if self.unfinished > _MAX_UNFINISHED:
                raise TooComplex("unfinished", _MAX_UNFINISHED)
        return k

    def parse_starttag(self, i: int) -> int:
        return self._finished(super().parse_starttag(i))

    def check_for_whole_start_tag(self, i: int) -> int:
        rawdata = self.rawdata
        close = rawdata.find(">", i)
        # Without a quote before the next ">", the tag ends there: short enough, nothing to count.
        short = 0 <= close - i <= _MAX_TAG_SEPARATORS and '"' not in rawdata[i:close] and "'" not in rawdata[i:close]
        if not short:
            found = _START_TAG_END.match(rawdata, i)
            end = found.end() if found else i
            if sum(rawdata.count(c, i, end) for c in _SEPARATORS) > _MAX_TAG_SEPARATORS:
                raise TooComplex("attributes", _MAX_TAG_SEPARATORS)
        return int(super().check_for_whole_start_tag(i))

    def parse_endtag(self, i: int) -> int:
        return self._finished(super().parse_endtag(i))

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._finished(super().parse_comment(i, report))

    def parse_html_declaration(self, i: int) -> int:
        return self._finished(super().parse_html_declaration(i))

    def parse_pi(self, i: int) -> int:
        return self._finished(super().parse_pi(i))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag in _VOID:
            return
        if len(self.stack) > _MAX_DEPTH:
            raise TooComplex("depth", _MAX_DEPTH)
        if tag == "table" and self.open.get("table", 0) >= _MAX_TABLE_DEPTH:
            raise TooComplex("tables", _MAX_TABLE_DEPTH)
        self.stack.append(node)
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        self._count()
        if not self.open.get(tag):
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                for closed in self.stack[depth:]:
                    self.open[closed.tag] -= 1
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _find(node: Node, test: Callable[[Node], bool]) -> list[Node]:
    found, pending = [], deque([node])
    while pending:
        current = pending.popleft()
        for child in current.children:
            if isinstance(child, Node) and child.tag not in _SKIP:
                if test(child):
                    found.append(child)
                pending.append(child)
    return found


def _text_lengths(root: Node) -> dict[int, int]:
    """The visible text length of every element (by id), in one pass: candidates nest, and measuring each
    one's subtree again would cost the depth times the page."""
    lengths: dict[int, int] = {}
    order: list[Node] = []
    pending = [root]
    while pending:
        current = pending.pop()
        order.append(current)
        pending.extend(c for c in current.children if isinstance(c, Node) and c.tag not in _SKIP)
    for node in reversed(order):  # children before their parent
        lengths[id(node)] = sum(
            len(c.strip()) if isinstance(c, str) else lengths.get(id(c), 0)
            for c in node.children
            if isinstance(c, str) or c.tag not in _SKIP
        )
    return lengths


def _tagged(tag: str) -> Callable[[Node], bool]:
    return lambda node: node.tag == tag


def _main(root: Node) -> Node:
    lengths = _text_lengths(root)

    def _text_length(node: Node) -> int:
        return lengths.get(id(node), 0)

    for tag in ("article", "main"):
        found = _find(root, _tagged(tag))
        if found:
            return max(found, key=_text_length)

    def hinted(node: Node) -> bool:
        marks = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
        return bool(_CONTENT_HINT.search(marks)) and not _FURNITURE_HINT.search(marks)

    candidates = [n for n in _find(root, hinted) if _text_length(n) > 200]
    if candidates:
        return max(candidates, key=_text_length)
    bodies = _find(root, lambda n: n.tag == "body")
    return bodies[0] if bodies else root


def html_to_lines(html: str, max_characters: int) -> tuple[list[tuple[str, bool]], list[list[list[str]]]]:
    """(text, bold) lines of the page's main content, and its tables as rows of cells; past `max_characters` of
    text, TooComplex("text") before the rest of the page is gathered."""
    # Every tag starts with "<", and the standard parser spends about 2 µs on each "<" even when it starts
    # no tag: a page with far more of them than the tag bound allows is refused before parsing.
    if html.count("<") > 2 * _MAX_TAGS:
        raise TooComplex("tags", _MAX_TAGS)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    main = _main(builder.root)
    # Inside an article, its <header> holds the headline; around a whole body it is the site's banner.
    skip = _SKIP - {"header"} if main.tag not in {"body", "root"} else _SKIP
    lines: list[tuple[str, bool]] = []
    tables: list[list[list[str]]] = []
    current: list[str] = []
    bold_chars = [0, 0]
    gathered = [0]

    def room_for(text: str) -> None:
        if gathered[0] + _letters(text) > max_characters:
            raise TooComplex("text", max_characters)

    def add(new_lines: list[tuple[str, bool]]) -> None:
        gathered[0] += sum(len(text) for text, _bold in new_lines)
        if gathered[0] > max_characters:
            raise TooComplex("text", max_characters)
        lines.extend(new_lines)

    def flush() -> None:
        joined = "".join(current)
        room_for(joined)
        text = _collapse(joined)
        if text:
            add([(text, bold_chars[1] > 0 and bold_chars[0] >= bold_chars[1] * 0.9)])
        current.clear()
        bold_chars[0] = bold_chars[1] = 0

    def walk(node: Node, bold: bool, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        for child in node.children:
            if isinstance(child, str):
                current.append(child)
                size = len(child.strip())
                bold_chars[1] += size
                bold_chars[0] += size if bold else 0
            elif child.tag in skip or _FURNITURE_HINT.search(
                f"{child.attrs.get('class', '')} {child.attrs.get('id', '')}"
            ):
                continue
            elif child.tag == "table":
                flush()
                room_for(_plain(child))
                grid = _table_cells(child)
                flat = " ".join(" ".join(" ".join(cell) for cell in row) for row in grid).upper()
                if len(grid) <= 6 and any(mark in flat for mark in _FRAME_MARKS):
                    # The Nghị định 30 header or signature block laid out as a table: read it column by column.
                    width = max(len(row) for row in grid)
                    for column in range(width):
                        add([(text, False) for row in grid if column < len(row) for text in row[column]])
                    continue
                rows = [[_collapse(" ".join(cell)) for cell in row] for row in grid]
                if rows:
                    add([(" | ".join(c for c in row if c), False) for row in rows if any(row)])
                    tables.append(rows)
            else:
                is_block = child.tag in _BLOCK
                if is_block:
                    flush()
                walk(child, bold or child.tag in {"b", "strong", "h1", "h2", "h3", "h4"}, depth + 1)
                if is_block:
                    flush()
                elif child.tag in {"td", "th"}:
                    current.append(" ")

    walk(main, False, 0)
    flush()
    return lines, tables


_FRAME_MARKS = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP - TỰ DO", "NƠI NHẬN", "TM. ", "KT. ")


def _table_cells(table: Node) -> list[list[list[str]]]:
    """Rows of cells, each cell as its lines (a <br> or a paragraph inside a cell starts a new line)."""
    rows: list[list[list[str]]] = []
    for row in _find(table, lambda n: n.tag == "tr"):
        cells = [cell for cell in row.children if isinstance(cell, Node) and cell.tag in {"td", "th"}]
        rows.append([[line for line in (_collapse(t) for t in _plain(cell).split("\n")) if line] for cell in cells])
    return rows


def _plain(node: Node) -> str:
    parts: list[str] = []
    pending: list[Node | str] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            parts.append(current)
        elif current.tag not in _SKIP:
            if current.tag in _BLOCK:
                parts.append("\n")
            pending.extend(reversed(current.children))
    return "".join(parts)
