"""Writes of the survey back office and of the public form.

Surveys, their questionnaires and collection points are kept by the unit's own people and by the Sở Nội vụ that
coordinates it (`may_run`), like the channel registry. Public answers need no account: `submit_public` resists abuse
without a captcha service (a limit per network address and per collection point refuses; a device answering twice
within a day, a hidden field filled, a form sent in seconds or a burst at one point are kept and flagged for review).
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import Conflict, DomainError, PermissionDenied, TooMany
from loa.core.keyed import address_key, keyed_hash
from loa.indices.models import IndexValue, OwnMeasure
from loa.indices.services import own_measure_save
from loa.org.models import OrgUnit
from loa.org.scope import Actor, account_of, keeps
from loa.org.tree import in_subtree

from . import sipas
from .answers import Answered, read
from .catalog import ONLINE_SOURCES, STAFF_SOURCES, Flag, ResponseStatus, Source, SurveyStatus
from .definition import problems
from .index import DEFAULT_RULE, IndexRule
from .models import CollectionPoint, Response, Survey, SurveyTemplate
from .selectors import indices_of, open_surveys_for

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a poster
MIN_SECONDS = 5  # a person cannot read and answer the questionnaire faster


def may_run(actor: Actor, unit: OrgUnit) -> bool:
    """Whether `actor` may run `unit`'s surveys: the unit's own people or the Sở Nội vụ that coordinates it."""
    return keeps(actor, unit)


def require_runner(actor: Actor, unit: OrgUnit) -> None:
    if not may_run(actor, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới quản lý được khảo sát của đơn vị.")
            % {"unit": unit.name}
        )


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _check_definition(definition: Any) -> None:
    found = problems(definition)
    if found:
        raise DomainError(" ".join(found))


# Questionnaires ----------------------------------------------------------------------------------------------


@transaction.atomic
def template_copy(*, actor: Actor, owner: OrgUnit, source: SurveyTemplate | None, name: str = "") -> SurveyTemplate:
    """A new questionnaire of `owner`, copied from `source` (None: the built-in SIPAS questionnaire)."""
    require_runner(actor, owner)
    if source is None:
        definition, based_on = sipas.built_in(), f"{sipas.BUILT_IN_NAME}, v{sipas.BUILT_IN_VERSION}"
        default_name = sipas.BUILT_IN_NAME
    else:
        definition, based_on, default_name = source.definition, f"{source.name}, v{source.version}", source.name
    name = " ".join(name.split()) or _("Bản sao của %(name)s") % {"name": default_name}
    if len(name) > 255:
        raise DomainError(_("Tên mẫu phiếu dài quá 255 ký tự."))
    template = SurveyTemplate(
        owner=owner,
        name=name,
        definition=definition,
        based_on=based_on[:255],
        created_by=account_of(actor),
    )
    stamp(template, actor=actor, reason="survey.template.created")
    template.save()
    return template


@transaction.atomic
def template_save(
    *, actor: Actor, template: SurveyTemplate, name: str, definition: Any, version: int
) -> SurveyTemplate:
    """Save a questionnaire read at `version` as its next version; surveys already started keep their copy."""
    require_runner(actor, template.owner)
    current = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    if current.version != version:
        raise Conflict(_("Mẫu phiếu này vừa được người khác sửa. Tải lại trang để xem bản mới rồi sửa lại."))
    name = " ".join(name.split())
    if not name or len(name) > 255:
        raise DomainError(_("Tên mẫu phiếu phải có và không quá 255 ký tự."))
    _check_definition(definition)
    current.name, current.definition = name, definition
    current.version += 1
    stamp(current, actor=actor, reason="survey.template.saved")
    current.save()
    return current


# Surveys ------------------------------------------------------------------------------------------------------


@dataclass
class SurveyInput:
    title: str
    starts_on: date
    ends_on: date
    population: int | None = None
    margin: Decimal = Decimal("0.05")


def _check_survey(data: SurveyInput) -> None:
    errors = []
    if not data.title.strip() or len(data.title) > 255:
        errors.append(_("Tên cuộc khảo sát phải có và không quá 255 ký tự."))
    if data.ends_on < data.starts_on:
        errors.append(_("Ngày kết thúc trước ngày bắt đầu."))
    elif data.ends_on.year != data.starts_on.year:
        errors.append(_("Một cuộc khảo sát nằm trong một năm; hãy tạo cuộc khác cho năm sau."))
    if data.population is not None and not 1 <= data.population <= 10_000_000:
        errors.append(_("Số lượt giải quyết dự kiến phải từ 1 đến 10.000.000."))
    if not Decimal("0.01") <= data.margin <= Decimal("0.2"):
        errors.append(_("Sai số cho phép phải từ 1 %% đến 20 %%."))
    if errors:
        raise DomainError(" ".join(errors))


@transaction.atomic
def survey_create(
    *, actor: Actor, unit: OrgUnit, data: SurveyInput, template: SurveyTemplate | None, rule: IndexRule = DEFAULT_RULE
) -> Survey:
    """A survey of `unit` running `template` as it is now (None: the built-in questionnaire)."""
    require_runner(actor, unit)
    _check_survey(data)
    if template is None:
        definition = sipas.built_in()
        label = f"{sipas.BUILT_IN_NAME}, v{sipas.BUILT_IN_VERSION}"
    else:
        definition, label = template.definition, f"{template.name}, v{template.version}"
    survey = Survey(
        unit=unit,
        code=new_code(),
        title=" ".join(data.title.split()),
        year=data.starts_on.year,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        template=template,
        template_label=label[:300],
        definition=definition,
        rule=rule.as_json(),
        population=data.population,
        margin=data.margin,
        created_by=account_of(actor),
    )
    stamp(survey, actor=actor, reason="survey.created")
    survey.save()
    return survey


def _locked(survey: Survey, revision: int) -> Survey:
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.revision != revision:
        raise Conflict(_("Cuộc khảo sát này vừa được người khác sửa. Tải lại trang để xem bản mới rồi làm lại."))
    return current


@transaction.atomic
def survey_update(*, actor: Actor, survey: Survey, data: SurveyInput, revision: int) -> Survey:
    require_runner(actor, survey.unit)
    current = _locked(survey, revision)
    _check_survey(data)
    if data.starts_on.year != current.year and Response.objects.filter(survey=current).exists():
        raise DomainError(_("Cuộc khảo sát đã có phiếu trả lời nên không chuyển sang năm khác được."))
    current.title, current.starts_on, current.ends_on = " ".join(data.title.split()), data.starts_on, data.ends_on
    current.year, current.population, current.margin = data.starts_on.year, data.population, data.margin
    current.revision += 1
    stamp(current, actor=actor, reason="survey.updated")
    current.save()
    return current


@transaction.atomic
def survey_set_status(*, actor: Actor, survey: Survey, status: str, revision: int) -> Survey:
    """Open (start taking answers) or close a survey; a closed survey may be opened again until its end date."""
    require_runner(actor, survey.unit)
    current = _locked(survey, revision)
    if status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED) or status == current.status:
        raise DomainError(_("Không chuyển được cuộc khảo sát sang tình trạng này."))
    if status == SurveyStatus.OPEN and current.ends_on < timezone.localdate():
        raise DomainError(_("Cuộc khảo sát đã qua ngày kết thúc; hãy sửa ngày kết thúc trước khi mở lại."))
    current.status = status
    current.revision += 1
    stamp(current, actor=actor, reason="survey.opened" if status == SurveyStatus.OPEN else "survey.closed")
    current.save()
    return current


# Collection points --------------------------------------------------------------------------------------------


def _point_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 255:
        raise DomainError(_("Tên điểm khảo sát phải có và không quá 255 ký tự."))
    return name


@transaction.atomic
def point_create(*, actor: Actor, unit: OrgUnit, name: str) -> CollectionPoint:
    require_runner(actor, unit)
    name = _point_name(name)
    if CollectionPoint.objects.filter(unit=unit, name=name).exists():
        raise DomainError(_("Đơn vị đã có một điểm khảo sát tên «%(name)s».") % {"name": name})
    point = CollectionPoint(unit=unit, name=name, code=new_code())
    stamp(point, actor=actor, reason="survey.point.created")
    point.save()
    return point


@transaction.atomic
def point_update(*, actor: Actor, point: CollectionPoint, name: str, active: bool, revision: int) -> CollectionPoint:
    require_runner(actor, point.unit)
    current = CollectionPoint.objects.select_for_update().get(pk=point.pk)
    if current.revision != revision:
        raise Conflict(_("Điểm khảo sát này vừa được người khác sửa. Tải lại trang để xem bản mới rồi sửa lại."))
    name = _point_name(name)
    if CollectionPoint.objects.filter(unit=current.unit, name=name).exclude(pk=current.pk).exists():
        raise DomainError(_("Đơn vị đã có một điểm khảo sát tên «%(name)s».") % {"name": name})
    current.name, current.active = name, active
    current.revision += 1
    stamp(current, actor=actor, reason="survey.point.updated")
    current.save()
    return current


def survey_for_point(point: CollectionPoint, today: date) -> Survey | None:
    """The survey a point's poster leads to today (see `selectors.open_surveys_for`)."""
    return open_surveys_for([point], today)[point.pk]


def accepting(survey: Survey, today: date) -> bool:
    return survey.status == SurveyStatus.OPEN and survey.starts_on <= today <= survey.ends_on


# Answers ------------------------------------------------------------------------------------------------------


@dataclass
class Visit:
    """What the public form knows of who sends it, besides the answers."""

    device: str  # the device's token (cookie), raw
    address: str | None  # the client's network address
    seconds: float | None  # since the form was shown; None when unknown
    honeypot: str = ""


def _invalid(found: Answered) -> DomainError:
    return DomainError("; ".join(f"{where}: {why}" if where else why for where, why in found.problems))


@transaction.atomic
def submit_public(
    *, survey: Survey, point: CollectionPoint | None, values: dict[str, Any], visit: Visit, source: str
) -> Response:
    """A citizen's answers from the public form (QR or web link). Refused past the limits; kept and flagged when
    something about it looks wrong; never dropped silently."""
    now = timezone.now()
    today = timezone.localdate()
    if not accepting(survey, today):
        raise DomainError(_("Cuộc khảo sát này không còn nhận phiếu."), code="closed")
    found = read(survey.definition, values)
    if found.problems:
        raise _invalid(found)
    address = address_key(visit.address)
    device = keyed_hash("device", visit.device)
    hour_ago = now - timedelta(hours=1)
    if (
        address
        and Response.objects.filter(address=address, received_at__gte=hour_ago).count()
        >= settings.LOA_SURVEY_ADDRESS_PER_HOUR
    ):
        raise TooMany(_("Địa chỉ mạng của bạn đã gửi nhiều phiếu trong một giờ qua. Vui lòng thử lại sau."))
    flags: list[str] = []
    # A counter (or, for the web link, the survey itself) takes so many citizens' answers an hour; papers typed by
    # staff and field imports are not citizens arriving and do not count.
    arriving = Response.objects.filter(source__in=ONLINE_SOURCES, received_at__gte=hour_ago)
    recent = arriving.filter(point=point) if point is not None else arriving.filter(survey=survey, point__isnull=True)
    if recent.count() >= settings.LOA_SURVEY_POINT_PER_HOUR:
        raise TooMany(_("Khảo sát đã nhận rất nhiều phiếu tại đây trong một giờ qua. Vui lòng thử lại sau."))
    if recent.filter(received_at__gte=now - timedelta(minutes=5)).count() >= settings.LOA_SURVEY_BURST:
        flags.append(Flag.BURST)
    if visit.honeypot.strip():
        flags.append(Flag.HONEYPOT)
    if (
        device
        and Response.objects.filter(survey=survey, device=device, received_at__gte=now - timedelta(days=1)).exists()
    ):
        flags.append(Flag.DEVICE)
    if visit.seconds is None:
        flags.append(Flag.NO_FORM)
    elif visit.seconds < MIN_SECONDS:
        flags.append(Flag.TOO_FAST)
    response = Response(
        survey=survey,
        unit=point.unit if point else survey.unit,
        point=point,
        source=source,
        answers=found.answers,
        respondent=found.respondent,
        answered_on=today,
        device=device,
        address=address,
        status=ResponseStatus.FLAGGED if flags else ResponseStatus.COUNTED,
        flags=",".join(flags),
    )
    stamp(response, actor=None, reason="survey.answered")
    response.save()
    return response


def _answer_unit(survey: Survey, unit: OrgUnit | None, point: CollectionPoint | None) -> OrgUnit:
    """The unit an answer is about: the point's, or one inside the survey's unit."""
    if point is not None:
        if not in_subtree(point.unit, survey.unit):
            raise DomainError(_("Điểm khảo sát «%(p)s» không thuộc phạm vi của cuộc khảo sát.") % {"p": point.name})
        return point.unit
    if unit is None:
        return survey.unit
    if not in_subtree(unit, survey.unit):
        raise DomainError(_("Đơn vị %(u)s không thuộc phạm vi của cuộc khảo sát.") % {"u": unit.name})
    return unit


@transaction.atomic
def enter_answers(
    *,
    actor: Actor,
    survey: Survey,
    values: dict[str, Any],
    source: str,
    answered_on: date,
    unit: OrgUnit | None = None,
    point: CollectionPoint | None = None,
) -> Response:
    """A paper or telephone questionnaire typed by staff: counted like the others, with who typed it."""
    require_runner(actor, survey.unit)
    if source not in STAFF_SOURCES:
        raise DomainError(_("Phiếu do cán bộ nhập phải có nguồn là phiếu giấy hoặc điện thoại."))
    if not survey.starts_on <= answered_on <= min(survey.ends_on, timezone.localdate()):
        raise DomainError(
            _("Ngày trả lời phải trong thời gian khảo sát (%(a)s – %(b)s) và không sau hôm nay.")
            % {"a": survey.starts_on.strftime("%d/%m/%Y"), "b": survey.ends_on.strftime("%d/%m/%Y")}
        )
    found = read(survey.definition, values)
    if found.problems:
        raise _invalid(found)
    response = Response(
        survey=survey,
        unit=_answer_unit(survey, unit, point),
        point=point,
        source=source,
        answers=found.answers,
        respondent=found.respondent,
        answered_on=answered_on,
        entered_by=account_of(actor),
    )
    stamp(response, actor=actor, reason="survey.answer.entered")
    response.save()
    return response


@transaction.atomic
def review(*, actor: Actor, response: Response, counted: bool, seen: str) -> Response:
    """A person's decision on a flagged (or earlier reviewed) answer: counted, or kept apart and not counted. `seen`
    is the status the person decided on: another reviewer's decision meanwhile is a conflict, not overwritten."""
    require_runner(actor, response.survey.unit)
    current = Response.objects.select_for_update().get(pk=response.pk)
    if current.status != seen:
        raise Conflict(_("Phiếu này vừa được người khác xem xét. Tải lại trang để xem quyết định đó."))
    current.status = ResponseStatus.COUNTED if counted else ResponseStatus.REJECTED
    stamp(current, actor=actor, reason="survey.answer.reviewed")
    current.save()
    return current


def rows_to_responses(
    survey: Survey, rows: list[tuple[Answered, OrgUnit, CollectionPoint | None, date, str]], actor: Actor
) -> list[Response]:
    """Unsaved answers from a checked field-tool file (see xlsform.import_results), written by the caller."""
    made = []
    for found, unit, point, answered_on, external_id in rows:
        made.append(
            Response(
                survey=survey,
                unit=unit,
                point=point,
                source=Source.FIELD,
                answers=found.answers,
                respondent=found.respondent,
                answered_on=answered_on,
                external_id=external_id,
                entered_by=account_of(actor),
            )
        )
    return made


def record_index(*, actor: Actor, survey: Survey) -> IndexValue:
    """Record the survey's index over all its counted answers as the unit's own measure of the survey's year, in
    the indices registry (kept apart from the published SIPAS), dated today or the survey's last day if earlier."""
    require_runner(actor, survey.unit)
    value = indices_of([survey])[survey.pk]
    if value is None:
        raise DomainError(_("Cuộc khảo sát chưa có phiếu hợp lệ nào để tính chỉ số."))
    return own_measure_save(
        actor=actor,
        unit=survey.unit,
        measure=OwnMeasure.SURVEY,
        year=survey.year,
        value=value,
        as_of=min(survey.ends_on, timezone.localdate()),
        source=_("Khảo sát «%(title)s» (Loa)") % {"title": survey.title},
    )


def fresh_device_token() -> str:
    return secrets.token_hex(16)
