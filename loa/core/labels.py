"""The label a person reads for a code: one function per kind of code, used by every page, document and message.

Codes (`tthc`, `ubnd_xa`, `submitted`, `2026Q1`) are what Loa stores and exchanges; people read labels, in the
interface language. Catalogs (TextChoices) register under a kind name where they are defined, so this module
imports no Loa app: `code_label("area", "tthc")` → "Cải cách thủ tục hành chính". Templates use the filters of
`loa/core/templatetags/labels.py` (`{{ code|label:"area" }}`, `{{ period_id|period }}`, `{{ reason|action }}`).
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _

from .catalogs import Audience, Channel, Index, ReformArea, label
from .periods import parse_period

_CATALOGS: dict[str, type[models.TextChoices]] = {}


def register_catalog(kind: str, choices: type[models.TextChoices]) -> None:
    """Make a catalog's labels available under a kind name (`{{ code|label:"kind" }}`)."""
    known = _CATALOGS.get(kind)
    if known is not None and known is not choices:
        raise ValueError(f"catalog kind {kind!r} is already {known.__qualname__}")
    _CATALOGS[kind] = choices


def registered_catalogs() -> dict[str, type[models.TextChoices]]:
    return dict(_CATALOGS)


def code_label(kind: str, code: object) -> str:
    """The label of a code of a kind in the active language; an empty code is "", an unknown one is shown as it is
    (data older than its catalog must still be readable). An unknown kind is a programming error."""
    choices = _CATALOGS[kind]
    if code is None or (code == "" and "" not in choices.values):
        return ""
    return label(choices, str(code))


def code_labels(kind: str, codes: Iterable[object]) -> list[str]:
    return [code_label(kind, c) for c in codes or ()]


def period_label(period_id: object) -> str:
    """ "Quý I năm 2026" for "2026Q1"; text that is not a period ID is returned as it is."""
    text = "" if period_id is None else str(period_id)
    period = parse_period(text) if text else None
    return period.label if period is not None else text


def report_title(period_id: object, unit_name: str) -> str:
    """ "Báo cáo Quý I năm 2026 của UBND xã …": how a report is named on pages and in messages."""
    return _("Báo cáo %(period)s của %(unit)s") % {"period": period_label(period_id), "unit": unit_name}


register_catalog("area", ReformArea)
register_catalog("index", Index)
register_catalog("channel", Channel)
register_catalog("audience", Audience)
