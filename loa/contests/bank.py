"""The question bank: questions a unit keeps, read by every unit of its province (a province's bank serves all its
contests), written by the unit's own people and the Sở Nội vụ that coordinates it."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from loa.core.catalogs import ReformArea, label
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.core.text import fold, normalize, search_terms
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, account_of, keeps, out_of_reach, restrict, scope_prefix
from loa.org.tree import ancestors_q, province_path, subtree_q

from .models import OPTION_COUNT, Question

TEXT_MAX = 2000
OPTION_MAX = 500
CODE_MAX = 30


@dataclass
class QuestionInput:
    area: str
    text: str
    options: list[str]
    answer: int  # 0..3
    topic: str = ""
    source: str = ""
    explanation: str = ""
    active: bool = True
    code: str = ""  # blank: the next free code of the bank (CH0001, CH0002…)
    problems: list[str] = field(default_factory=list)


def problems_of(data: QuestionInput) -> list[str]:
    """What is wrong with a question, in Vietnamese, each naming the field (empty when it is right)."""
    found = []
    if data.area not in ReformArea.values:
        found.append(_("Lĩnh vực CCHC không có trong danh mục."))
    if not normalize(data.text):
        found.append(_("Chưa nhập nội dung câu hỏi."))
    elif len(data.text) > TEXT_MAX:
        found.append(_("Nội dung câu hỏi dài quá %(n)s ký tự.") % {"n": TEXT_MAX})
    options = [normalize(o) for o in data.options]
    if len(options) != OPTION_COUNT or not all(options):
        found.append(_("Câu hỏi cần đủ 4 phương án A, B, C, D."))
    elif len({fold(o) for o in options}) != OPTION_COUNT:
        found.append(_("Hai phương án trùng nhau."))
    elif any(len(o) > OPTION_MAX for o in options):
        found.append(_("Một phương án dài quá %(n)s ký tự.") % {"n": OPTION_MAX})
    if data.answer not in range(OPTION_COUNT):
        found.append(_("Đáp án đúng phải là một trong A, B, C, D."))
    if len(data.code) > CODE_MAX or (data.code and not data.code.replace("-", "").replace(".", "").isalnum()):
        found.append(_("Mã câu hỏi chỉ gồm chữ, số, dấu chấm, gạch ngang, tối đa %(n)s ký tự.") % {"n": CODE_MAX})
    if len(data.topic) > 120:
        found.append(_("Chủ đề dài quá 120 ký tự."))
    if len(data.source) > 500:
        found.append(_("Căn cứ pháp lý dài quá 500 ký tự."))
    return found


def require_keeper(actor: Actor, unit: OrgUnit) -> None:
    if not keeps(actor, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới sửa được câu hỏi, cuộc thi của đơn vị.")
            % {"unit": unit.name}
        )


def _search_text(q: Question) -> str:
    return fold(" ".join([q.code, q.topic, q.text, *q.options, q.source, label(ReformArea, q.area)]))


def next_code(owner: OrgUnit, taken: set[str] | None = None) -> str:
    used = set(Question.objects.filter(owner=owner).values_list("code", flat=True)) | (taken or set())
    n = len(used) + 1
    while f"CH{n:04d}" in used:
        n += 1
    return f"CH{n:04d}"


def _apply(q: Question, data: QuestionInput) -> None:
    q.area = data.area
    q.topic = normalize(data.topic)
    q.text = data.text.strip()
    q.options = [normalize(o) for o in data.options]
    q.answer = data.answer
    q.source = normalize(data.source)
    q.explanation = data.explanation.strip()
    q.active = data.active
    q.search_text = _search_text(q)


def question_create(*, actor: Actor, owner: OrgUnit, data: QuestionInput) -> Question:
    require_keeper(actor, owner)
    found = problems_of(data)
    if found:
        raise DomainError(" ".join(found))
    with transaction.atomic():
        code = data.code or next_code(owner)
        if Question.objects.filter(owner=owner, code=code).exists():
            raise DomainError(_("Mã câu hỏi %(code)s đã có trong ngân hàng.") % {"code": code})
        q = Question(owner=owner, code=code, created_by=account_of(actor))
        _apply(q, data)
        q.save()
    return q


def question_update(*, actor: Actor, question: Question, data: QuestionInput, revision: int) -> Question:
    require_keeper(actor, question.owner)
    found = problems_of(data)
    if found:
        raise DomainError(" ".join(found))
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        if current.revision != revision:
            raise Conflict(_("Câu hỏi vừa được người khác sửa. Hãy tải lại trang và sửa lại."))
        if data.code and data.code != current.code:
            if Question.objects.filter(owner=current.owner, code=data.code).exists():
                raise DomainError(_("Mã câu hỏi %(code)s đã có trong ngân hàng.") % {"code": data.code})
            current.code = data.code
        _apply(current, data)
        current.revision += 1
        current.save()
    return current


# --- reads -----------------------------------------------------------------------------------------------------------


def shared_q(unit: OrgUnit) -> Q:
    """Banks a unit's contests draw from: every bank of its province, and those above it."""
    return subtree_q(province_path(unit), field="owner__path") | ancestors_q(unit, field="owner__path")


def questions(*, actor: Actor, query: str = "", area: str = "", active: bool | None = None) -> QuerySet[Question]:
    """Questions the actor may read: those of its reach, and the banks of its province and above."""
    found = Question.objects.select_related("owner")
    unit = getattr(actor, "unit", None)
    if unit is None or scope_prefix(actor, Perm.VIEW) == "":
        found = restrict(found, actor, Perm.VIEW, unit_path="owner__path")
    else:
        found = found.filter(shared_q(unit))
    for term in search_terms(query):
        found = found.filter(search_text__contains=term)
    if area:
        found = found.filter(area=area)
    if active is not None:
        found = found.filter(active=active)
    return found.order_by("owner__path", "code")


def question_get(*, actor: Actor, pk: int) -> Question:
    found = questions(actor=actor).filter(pk=pk).first()
    if found is None:
        raise out_of_reach()
    return found


def drawable(unit: OrgUnit) -> QuerySet[Question]:
    """Active questions a contest of `unit` may draw."""
    return Question.objects.filter(shared_q(unit), active=True)
