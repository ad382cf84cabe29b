"""The questionnaire editor's form: a definition laid out as named fields, and read back from them.

Existing questions keep their keys (stored answers and exports refer to them); a new question gets the first
free key of its group ("F2_C1", "F2_C2", …); a new group the first free "N1", "N2", ….
"""

from typing import Any

from .catalog import RESPONDENT_LABELS, ItemKind
from .definition import RESPONDENT_FIELDS, scale_labels

KINDS = (ItemKind.PERCEPTION, ItemKind.SATISFACTION, ItemKind.EXPECTATION)
SCALE_KINDS = (ItemKind.PERCEPTION, ItemKind.SATISFACTION, ItemKind.EXPECTATION, ItemKind.OVERALL)


def _free(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}".upper() in taken:
        n += 1
    taken.add(f"{prefix}{n}".upper())
    return f"{prefix}{n}"


def _text(post: Any, name: str) -> str:
    return " ".join(str(post.get(name, "")).split())


def definition_from(post: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The definition the editor's fields describe, built on `current` (whose keys it keeps). Not checked here:
    `definition.problems` names what is wrong, and the service refuses it."""
    taken = {str(i["key"]).upper() for f in current.get("factors", []) for i in f.get("items", [])}
    taken |= {str(f["key"]).upper() for f in current.get("factors", [])}
    if current.get("overall"):
        taken.add(str(current["overall"]["key"]).upper())
    factors = []
    for n, factor in enumerate(current.get("factors", [])):
        if post.get(f"f{n}_drop"):
            continue
        items = []
        for m, item in enumerate(factor.get("items", [])):
            if post.get(f"f{n}_i{m}_drop"):
                continue
            kind = post.get(f"f{n}_i{m}_kind", item["kind"])
            items.append(
                {
                    "key": item["key"],
                    "kind": kind if kind in KINDS else item["kind"],
                    "text": _text(post, f"f{n}_i{m}_text"),
                }
            )
        new_text = _text(post, f"f{n}_new_text")
        if new_text:
            kind = post.get(f"f{n}_new_kind", ItemKind.PERCEPTION)
            items.append(
                {
                    "key": _free(f"{factor['key']}_C", taken),
                    "kind": kind if kind in KINDS else ItemKind.PERCEPTION,
                    "text": new_text,
                }
            )
        factors.append({"key": factor["key"], "title": _text(post, f"f{n}_title"), "items": items})
    group_title, group_item = _text(post, "new_factor_title"), _text(post, "new_factor_item")
    if group_title or group_item:
        key = _free("N", taken)
        factors.append(
            {
                "key": key,
                "title": group_title,
                "items": [{"key": _free(f"{key}_C", taken), "kind": ItemKind.PERCEPTION, "text": group_item}],
            }
        )
    overall = current.get("overall")
    if overall is not None:
        overall = {"key": overall["key"], "kind": ItemKind.OVERALL, "text": _text(post, "overall_text")}
    scales = {kind: [_text(post, f"scale_{kind}_{level}") for level in range(1, 6)] for kind in SCALE_KINDS}
    return {
        "intro": " ".join(str(post.get("intro", "")).split()),
        "scales": scales,
        "no_answer": _text(post, "no_answer"),
        "factors": factors,
        "overall": overall,
        "respondent": {field: bool(post.get(f"ask_{field}")) for field in RESPONDENT_FIELDS},
    }


def fields_of(definition: dict[str, Any]) -> dict[str, Any]:
    """What the editor's template lays out: groups with their questions, the scales' labels, the asked fields."""
    return {
        "factors": [
            {
                "n": n,
                "key": f["key"],
                "title": f["title"],
                "items": [{"m": m, **i} for m, i in enumerate(f.get("items", []))],
            }
            for n, f in enumerate(definition.get("factors", []))
        ],
        "overall": definition.get("overall"),
        "scales": [
            (kind, ItemKind(kind).label, list(enumerate(scale_labels(definition, kind), 1))) for kind in SCALE_KINDS
        ],
        "no_answer": definition.get("no_answer", ""),
        "intro": definition.get("intro", ""),
        "asks": [
            (f, RESPONDENT_LABELS[f], bool((definition.get("respondent") or {}).get(f))) for f in RESPONDENT_FIELDS
        ],
        "kinds": [(k.value, k.label) for k in KINDS],
    }
