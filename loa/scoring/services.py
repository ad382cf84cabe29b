"""Writes to scoring: the default rule set, a rule set copied to a new year, self-assessment and appraisal."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.channels.catalog import ChannelKind
from loa.core.audit import stamp
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.numbers import parse_quantity
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM, Actor, Perm, require, scope_prefix

from .engine import Point, UnitScore, tree
from .models import Assessment, Criterion, RuleSet, RuleType

# Domain.md §7: criterion 4 of the commune index of a district in Đồng Nai (Công văn 244/PNV, 08/8/2022).
# The built-in tables are told apart by having no issuer; their names are what documents print ("theo bộ tiêu chí
# «…»"). Departments (sở, ban, ngành) are scored on the communication criterion of the provincial index: their own
# plan, its completion, and diversity that counts the CCHC column of their portal from the channel registry.
DEFAULT_NAME = "Tiêu chí thông tin, tuyên truyền CCHC cấp xã"
DEFAULT_BASIS = "Theo mẫu tiêu chí 4 của Bộ chỉ số CCHC cấp xã (Công văn 244/PNV ngày 08/8/2022)"
DEPARTMENT_NAME = "Tiêu chí thông tin, tuyên truyền CCHC của sở, ban, ngành"
DEPARTMENT_BASIS = "Theo nội dung tuyên truyền CCHC trong Bộ chỉ số CCHC của sở, ban, ngành cấp tỉnh"


@dataclass(frozen=True)
class _Node:
    code: str
    title: str
    max_points: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: bool = False
    children: tuple["_Node", ...] = ()


_ONLINE_TRADITIONAL = [
    {"label": "Hình thức trực tuyến", "online": True, "points": "0.5"},
    {"label": "Hình thức truyền thống", "online": False, "points": "0.5"},
]
BUILT_IN: dict[str, tuple[str, str, _Node]] = {
    UnitType.UBND_XA: (
        DEFAULT_NAME,
        DEFAULT_BASIS,
        _Node(
            "4",
            "Thực hiện tuyên truyền về CCHC",
            "2",
            RuleType.GROUP,
            children=(
                _Node(
                    "4.1",
                    "Mức độ thực hiện kế hoạch tuyên truyền CCHC",
                    "1",
                    RuleType.PLAN_RATIO,
                    {"full_at": "1", "zero_below": "0.9"},
                    evidence=True,
                ),
                _Node(
                    "4.2",
                    "Mức độ đa dạng trong tuyên truyền CCHC",
                    "1",
                    RuleType.CHANNEL_MIX,
                    {"groups": _ONLINE_TRADITIONAL},
                    evidence=True,
                ),
            ),
        ),
    ),
    UnitType.SO_NGANH: (
        DEPARTMENT_NAME,
        DEPARTMENT_BASIS,
        _Node(
            "1",
            "Thực hiện thông tin, tuyên truyền về CCHC",
            "3",
            RuleType.GROUP,
            children=(
                _Node("1.1", "Ban hành kế hoạch tuyên truyền CCHC của cơ quan", "0.5", RuleType.PLAN_ISSUED),
                _Node(
                    "1.2",
                    "Mức độ thực hiện kế hoạch tuyên truyền CCHC",
                    "1",
                    RuleType.PLAN_RATIO,
                    {"full_at": "1", "zero_below": "0.8"},
                    evidence=True,
                ),
                _Node(
                    "1.3",
                    "Mức độ đa dạng trong tuyên truyền CCHC",
                    "1",
                    RuleType.CHANNEL_MIX,
                    {
                        "groups": [
                            {"label": "Hình thức trực tuyến", "online": True, "points": "0.25"},
                            {"label": "Hình thức truyền thống", "online": False, "points": "0.25"},
                            {
                                "label": "Chuyên mục CCHC trên Cổng/Trang thông tin điện tử của cơ quan",
                                "registry": ChannelKind.PORTAL,
                                "points": "0.5",
                            },
                        ]
                    },
                    evidence=True,
                ),
                _Node(
                    "1.4",
                    "Phối hợp với cơ quan báo chí, Cổng thông tin điện tử tỉnh tuyên truyền CCHC",
                    "0.5",
                    RuleType.YES_NO,
                ),
            ),
        ),
    ),
}


def default_rule_set(year: int, unit_type: str = UnitType.UBND_XA) -> RuleSet | None:
    """The built-in rule set of a year for a type of unit that has one (communes, departments), created on first
    use (audited); edit it in the admin like any other. Two first requests at once: one creates it, the other
    reads it."""
    if unit_type not in BUILT_IN:
        return None
    existing = RuleSet.objects.filter(issuer__isnull=True, year=year, unit_type=unit_type).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _create_default(year, unit_type)
    except IntegrityError:
        return RuleSet.objects.get(issuer__isnull=True, year=year, unit_type=unit_type)


def _create_default(year: int, unit_type: str) -> RuleSet:
    name, basis, root = BUILT_IN[unit_type]
    rule_set = RuleSet(year=year, unit_type=unit_type, name=name, basis=basis)
    stamp(rule_set, actor=SYSTEM, reason="ruleset.default")
    rule_set.save()

    def create(node: _Node, parent: Criterion | None, position: int) -> None:
        criterion = Criterion.objects.create(
            rule_set=rule_set,
            parent=parent,
            code=node.code,
            title=node.title,
            max_points=Decimal(node.max_points),
            rule=node.rule,
            params=node.params,
            evidence_required=node.evidence,
            position=position,
        )
        for index, child in enumerate(node.children, start=1):
            create(child, criterion, index)

    create(root, None, 0)
    return rule_set


def rule_set_for(unit: OrgUnit, year: int) -> RuleSet:
    """The active rule set for the unit's type and year: its province's own, else the built-in default
    (communes, departments; other types have none until a province adds one)."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise NotFound(_("Không chấm điểm cho năm %(y)s.") % {"y": year})
    province_codes = unit.path.split("/")[:-1]
    own = (
        RuleSet.objects.filter(year=year, unit_type=unit.unit_type, active=True, issuer__code__in=province_codes)
        .order_by("-issuer__depth")
        .first()
    )
    if own is not None:
        return own
    fallback = RuleSet.objects.filter(year=year, unit_type=unit.unit_type, issuer__isnull=True).first()
    if fallback is None:
        fallback = default_rule_set(year, unit.unit_type)
    if fallback is not None and fallback.active:
        return fallback
    raise NotFound(
        _("Chưa có bộ tiêu chí năm %(y)s cho loại đơn vị «%(t)s».") % {"y": year, "t": unit.get_unit_type_display()}
    )


@transaction.atomic
def rule_set_copy(
    *, actor: Actor, rule_set: RuleSet, year: int, issuer: OrgUnit | Literal["same"] | None = "same"
) -> RuleSet:
    """The same criteria for another year, or adopted by a province as its own (the usual start of a new
    table, then adjusted in the admin), audited. A province's table is its Sở Nội vụ's business; the
    built-in tables are the administrator's."""
    target = rule_set.issuer if issuer == "same" else issuer
    if target is None:
        if scope_prefix(actor, Perm.MANAGE_UNITS) != "":
            raise PermissionDenied(_("Chỉ quản trị hệ thống sửa được bộ tiêu chí mặc định."))
    else:
        require(actor, Perm.REVIEW, target)
    if RuleSet.objects.filter(issuer=target, year=year, unit_type=rule_set.unit_type).exists():
        raise DomainError(_("Đã có bộ tiêu chí năm %(y)s của cơ quan này cho loại đơn vị đó.") % {"y": year})
    copy = RuleSet(
        issuer=target,
        year=year,
        unit_type=rule_set.unit_type,
        name=rule_set.name,
        basis=rule_set.basis,
        xhh_share=rule_set.xhh_share,
    )
    stamp(copy, actor=actor, reason="ruleset.copied")
    copy.save()
    new_of: dict[int, Criterion] = {}
    for criterion, _depth in tree(rule_set):  # parents before their children, whatever their ids
        parent = new_of[criterion.parent_id] if criterion.parent_id else None
        new_of[criterion.pk] = Criterion.objects.create(
            rule_set=copy,
            parent=parent,
            code=criterion.code,
            title=criterion.title,
            max_points=criterion.max_points,
            rule=criterion.rule,
            params=criterion.params,
            evidence_required=criterion.evidence_required,
            position=criterion.position,
        )
    return copy


def _points(text: Any, point: Point, label: str) -> Decimal | None:
    """A score typed by an officer ("0,5" or "0.5"), checked against the criterion's maximum."""
    try:
        value = parse_quantity(text.strip() if isinstance(text, str) else text)
    except ValueError:
        raise DomainError(
            _("%(l)s tiêu chí %(c)s: «%(v)s» không phải là số.") % {"l": label, "c": point.criterion.code, "v": text}
        ) from None
    if value is None:
        return None
    if value < 0 or value > point.criterion.max_points:
        raise DomainError(
            _("%(l)s tiêu chí %(c)s: %(v)s nằm ngoài khoảng 0 – %(m)s điểm.")
            % {"l": label, "c": point.criterion.code, "v": text, "m": point.criterion.max_points.normalize()}
        )
    return value


def _locked_assessment(score: UnitScore, revision: int | None) -> Assessment:
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        unit=score.unit, rule_set=score.rule_set, defaults={"year": score.rule_set.year}
    )
    if revision is not None and assessment.revision != revision:
        raise DomainError(
            _("Kết quả chấm điểm vừa được người khác cập nhật sau khi bạn mở trang; hãy tải lại trang rồi nhập lại."),
            code="conflict",
        )
    return assessment


def _entries(
    assessment: Assessment,
    score: UnitScore,
    values: dict[str, tuple[Any, str]],
    *,
    label: str,
    fields: tuple[str, str],
    check: Callable[[Point, Decimal | None, str], str | None],
    na: set[str] | None = None,
) -> dict[str, Any]:
    """The assessment's entries with the typed scores and notes of one stage (self or appraisal) written in; each
    leaf criterion's value is checked against its maximum and by `check` (which names what is wrong). `na`, when
    given, is the leaves marked not applicable (the others are marked applicable); their typed score is dropped."""
    score_field, note_field = fields
    leaves = {p.criterion.code for p in score.points if p.criterion.rule != RuleType.GROUP}
    unknown = sorted((set(values) | (na or set())) - leaves)
    if unknown:  # an API caller's typo: named, never silently dropped
        raise DomainError(_("Không có tiêu chí chấm điểm mã %(c)s trong bộ tiêu chí.") % {"c": ", ".join(unknown)})
    entries = dict(assessment.entries)
    for point in score.points:
        code = point.criterion.code
        if point.criterion.rule == RuleType.GROUP:
            continue
        if na is not None:
            entries[code] = {**entries.get(code, {}), "na": code in na}
        if code not in values:
            continue
        text, note = values[code]
        skipped = na is not None and code in na
        value = None if skipped else _points(text, point, label)
        note = (note or "").strip()[:2000]
        problem = None if skipped else check(point, value, note)
        if problem:
            raise DomainError(_("Tiêu chí %(c)s: %(p)s") % {"c": point.criterion.code, "p": problem})
        entries[point.criterion.code] = {
            **entries.get(point.criterion.code, {}),
            score_field: None if value is None else str(value),
            note_field: note,
        }
    return entries


def _explained(point: Point, value: Decimal | None, note: str) -> str | None:
    unproven = point.criterion.evidence_required and point.computed is not None and not point.evidence
    if value and value > 0 and unproven and point.criterion.rule == RuleType.CHANNEL_MIX and not note:
        return _("không có minh chứng trong Loa; hãy giải trình điểm tự chấm.")
    return None


def _commented(point: Point, value: Decimal | None, note: str) -> str | None:
    own = point.self_score if point.self_score is not None else point.computed
    if value is not None and own is not None and value != own and not note:
        return _("điểm thẩm định khác điểm của đơn vị; hãy ghi nhận xét.")
    return None


@transaction.atomic
def self_assess(
    *,
    actor: Actor,
    score: UnitScore,
    values: dict[str, tuple[Any, str]],
    revision: int | None = None,
    na: set[str] | None = None,
) -> Assessment:
    """The unit's own scores (tự chấm) per leaf criterion, with a note; a score above zero where Loa found no
    evidence must be explained (domain.md §7). Closed once the appraiser has scored."""
    require(actor, Perm.EDIT, score.unit)
    assessment = _locked_assessment(score, revision)
    if assessment.appraised_at is not None:
        raise DomainError(_("Kết quả đã được thẩm định; không thể sửa điểm tự chấm."), code="appraised")
    assessment.entries = _entries(
        assessment, score, values, label=_("Điểm tự chấm"), fields=("self", "self_note"), check=_explained, na=na
    )
    assessment.self_assessed_at = timezone.now()
    assessment.revision += 1
    stamp(assessment, actor=actor, reason="assessment.self")
    assessment.save()
    return assessment


@transaction.atomic
def appraise(
    *,
    actor: Actor,
    score: UnitScore,
    values: dict[str, tuple[Any, str]],
    revision: int | None = None,
    na: set[str] | None = None,
) -> Assessment:
    """The appraiser's score (điểm thẩm định) and comment per leaf criterion: the province's Sở Nội vụ or an
    admin. A score that differs from the unit's own needs a comment."""
    require(actor, Perm.REVIEW, score.unit)
    if getattr(actor, "unit_id", None) == score.unit.pk:
        raise PermissionDenied(_("Đơn vị không tự thẩm định điểm của mình."))
    assessment = _locked_assessment(score, revision)
    assessment.entries = _entries(
        assessment,
        score,
        values,
        label=_("Điểm thẩm định"),
        fields=("appraised", "comment"),
        check=_commented,
        na=na,
    )
    assessment.appraised_at = timezone.now()
    assessment.appraised_by = actor if isinstance(actor, User) else None
    assessment.revision += 1
    stamp(assessment, actor=actor, reason="assessment.appraised")
    assessment.save()
    return assessment
