"""Whose draft an imported document becomes: the issuer the document names against the unit chosen at upload.

Officers import old plans: a district's plan of 2022 names "UBND huyện Ninh Giang", a level that ended on 1 July
2025. Loa then proposes the unit that took over (the legacy unit's successor when the old units are loaded) and asks;
it never files the draft under the uploader's unit without saying so. A document of another unit in the officer's
drafting reach is proposed for that unit the same way. A document of a unit out of reach (a superior's plan used as
a model) asks nothing: drafting from it for one's own unit is the usual case.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.text import fold
from loa.org.models import LEGACY_END, OrgUnit
from loa.org.scope import Actor, Perm, can
from loa.org.selectors import unit_search

_COUNCIL = re.compile(r"^(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s+")
# The district level ended with the 2025 reform, whether or not Loa holds the old units.
_DISTRICT_LEVEL = re.compile(r"^(?:huyen|quan|thi xa)\s+\S")


@dataclass(frozen=True)
class IssuerCheck:
    named: str  # the issuer as the document writes it
    ended: date | None  # the day the named unit (or its level) ceased, when it has
    known: OrgUnit | None  # the unit of that name Loa holds, current or legacy
    successor: OrgUnit | None = None  # the unit that took over from a legacy one (in reach or not)
    proposals: list[OrgUnit] = field(default_factory=list)  # units the draft may be for, in reach; best first

    @property
    def ceased(self) -> date | None:
        """The first day the named unit no longer existed (1 July 2025 for the district level)."""
        return self.ended + timedelta(days=1) if self.ended else None

    def hint(self) -> str:
        """One Vietnamese sentence for the command line: what ended, and who took over."""
        if self.ceased is None:
            return ""
        text = _("«%(named)s» đã thôi hoạt động từ ngày %(day)s.") % {
            "named": self.named,
            "day": self.ceased.strftime("%d/%m/%Y"),
        }
        if self.successor is not None:
            text += " " + _("Đơn vị kế thừa: %(name)s (mã %(code)s).") % {
                "name": self.successor.name,
                "code": self.successor.code,
            }
        return text


def issuer_key(issuer: str) -> str:
    """An issuer as written ("UBND huyện Ninh Giang", "Sở Nội vụ tỉnh Hà Tĩnh"), folded, without the council."""
    return _COUNCIL.sub("", fold(issuer).strip(" .,;"))


def unit_keys(unit: OrgUnit) -> set[str]:
    """The folded ways a document names `unit` ("huyen ninh giang"; "so noi vu tinh ha tinh" with its parent)."""
    parent = unit.parent.name if unit.parent_id and unit.parent else ""
    return {fold(unit.name), fold(f"{unit.name} {parent}").strip()}


def check_issuer(actor: Actor, chosen: OrgUnit | None, issuer: str) -> IssuerCheck | None:
    """A question to put to the officer before the draft is saved for `chosen` (None: not chosen yet), or None when
    there is none."""
    wanted = issuer_key(issuer)
    if not wanted or (chosen is not None and wanted in unit_keys(chosen)):
        return None
    found = unit_search(actor=actor, query=wanted, include_legacy=True).select_related("successor")[:50]
    named = [u for u in found if wanted in unit_keys(u)]
    today = timezone.localdate()
    legacy = next((u for u in named if u.valid_to is not None and u.valid_to < today), None)
    current = next((u for u in named if u.valid_to is None or u.valid_to >= today), None)

    def draftable(unit: OrgUnit) -> bool:  # in the actor's drafting reach and still existing: no query
        return (unit.valid_to is None or unit.valid_to >= today) and can(actor, Perm.DRAFT, unit)

    if legacy is not None or (current is None and _DISTRICT_LEVEL.match(wanted)):
        successor = legacy.successor if legacy is not None else None
        proposals = [u for u in [successor] if u is not None and draftable(u)]
        return IssuerCheck(issuer, legacy.valid_to if legacy else LEGACY_END, legacy, successor, proposals)
    if current is not None and chosen is not None and current.pk != chosen.pk and draftable(current):
        return IssuerCheck(issuer, None, current, None, [current])
    return None
