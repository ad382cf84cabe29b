"""The review screen's left side: the text as read, with the pieces the extractor recognised marked.

Returns plain (text, kind) segments per line; the template escapes the text and wraps marked
segments in <mark>, so nothing from the document is ever rendered as HTML.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from loa.core.citations import citation_spans
from loa.core.text import fold

KINDS = {
    "number": _("Số, ký hiệu"),
    "date": _("Địa danh, ngày"),
    "issuer": _("Đơn vị ban hành"),
    "title": _("Trích yếu"),
    "citation": _("Văn bản được trích dẫn"),
    "unit": _("Đơn vị được giao"),
    "task": _("Nhiệm vụ (phụ lục)"),
    "recipient": _("Nơi nhận, kính gửi"),
    "signer": _("Người ký"),
    "noise": _("Không dùng đến"),
}
_PLACE_DATE = re.compile(r"[^,]{2,60},\s*(?i:ngày)\s*[\d.…_ ]*\s*(?i:tháng)\s*[\d.…_ ]*\s*(?i:năm)\s*\d{4}")


def segments(text: str, result: dict[str, Any]) -> list[list[tuple[str, str]]]:
    signer = result.get("signer") or {}
    whole_lines = {
        **{fold(r): "recipient" for r in result.get("recipients") or []},
        **{
            fold(v): "signer"
            for v in (signer.get("authority"), signer.get("for_title"), signer.get("title"), signer.get("name"))
            if v
        },
        **{fold(t): "noise" for t in result.get("unrecognized") or []},
    }
    needles = [(result.get("number") or "", "number"), (result.get("issuer") or "", "issuer")]
    needles += [(r.get("unit") or "", "unit") for r in result.get("responsibilities") or []]
    needles += [(t.get("title") or "", "task") for t in result.get("tasks") or []]
    title = fold(result.get("title") or "")
    lines = []
    for line in text.split("\n"):
        folded = fold(line)
        bare = folded.lstrip("-+• ").rstrip(" ;.")
        if bare in whole_lines:
            lines.append([(line, whole_lines[bare])])
            continue
        if folded in whole_lines:
            lines.append([(line, whole_lines[folded])])
            continue
        if title and len(folded) > 8 and folded in title:
            lines.append([(line, "title")])
            continue
        spans = [(a, b, "citation") for a, b in citation_spans(line)]
        spans += [(m.start(), m.end(), "date") for m in _PLACE_DATE.finditer(line)][:1]
        for needle, kind in needles:
            if len(needle) >= 4 and (at := line.find(needle)) >= 0:
                spans.append((at, at + len(needle), kind))
        lines.append(_cut(line, spans))
    return lines


def _cut(line: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    position = 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < position:
            continue  # overlaps a piece already marked
        if start > position:
            pieces.append((line[position:start], ""))
        pieces.append((line[start:end], kind))
        position = end
    if position < len(line) or not pieces:
        pieces.append((line[position:], ""))
    return pieces
