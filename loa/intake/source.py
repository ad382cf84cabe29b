"""What a reader makes of a document, whatever its format: lines of NFC text (with where each came from) and
tables. The readers (`readers`, `docx_text`) produce it; the extractor works on it."""

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line of text as the document shows it; `zone` is where it came from."""

    text: str
    bold: bool = False
    italic: bool = False
    zone: str = "body"  # body | header | table | signature


@dataclass
class Source:
    kind: str  # docx | pdf | txt | html | doc
    lines: list[Line]
    tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
