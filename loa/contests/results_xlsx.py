"""A round's ranking as an XLSX workbook for the organiser (the prize list to announce, contacts to reach
winners): rank, name, unit, phone, score, prediction and its distance, time taken, submission time, prize."""

from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.xlsx import write_table

from .models import Contest, Participant, Round
from .ranking import Ranked


def ranking_workbook(contest: Contest, round_: Round, ranked: list[Ranked]) -> bytes:
    phones = dict(Participant.objects.filter(round=round_).values_list("pk", "phone"))
    headers = [
        _("Hạng"),
        _("Họ và tên"),
        _("Đơn vị"),
        _("Điện thoại"),
        _("Số câu đúng"),
        _("Số câu"),
        _("Dự đoán"),
        _("Chênh lệch dự đoán"),
        _("Thời gian làm bài (giây)"),
        _("Nộp bài lúc"),
        _("Giải"),
    ]
    rows = [
        [
            r.rank,
            r.result.name,
            r.result.unit_name,
            phones.get(int(r.result.key), ""),
            r.result.score,
            r.result.max_score,
            r.result.prediction,
            r.distance,
            round(r.result.duration_ms / 1000, 1),
            timezone.localtime(r.result.submitted_at).strftime("%d/%m/%Y %H:%M:%S"),
            r.prize,
        ]
        for r in ranked
    ]
    title = _("Vòng %(n)s") % {"n": round_.number}
    return write_table(title, headers, rows, notes=[contest.title])
