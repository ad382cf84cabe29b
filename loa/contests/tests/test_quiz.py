"""The quiz end to end through services and the public pages (issue 21 items 3, 4 and 6): the blueprint draw,
identities, the server's time limit, ranking with both prediction figures, participation and its activities."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from loa.activity.models import Activity
from loa.contests import play, services, standings
from loa.contests.catalog import AttemptStatus, ContestStatus, ParticipantFlag, Prediction
from loa.contests.finish import finish_round
from loa.contests.models import Attempt, Question
from loa.core.errors import DomainError, PermissionDenied
from loa.org.models import OrgUnit

from .quiz import fill_bank, quiz, right_answers


@pytest.fixture
def bank_of(world):
    return fill_bank(world.snv, world.users["coordinator"], per_area={"tthc": 6, "the_che": 3, "cong_vu": 2})


def join(contest, unit, phone, name="Nguyễn Văn An", device="", now=None):
    return play.join(contest=contest, data=play.JoinInput(name=name, unit=unit, phone=phone, device=device), now=now)


def test_each_attempt_draws_by_the_blueprint_no_question_twice_options_shuffled(world, bank_of):
    contest = quiz(world)
    areas = dict(Question.objects.values_list("pk", "area"))
    orders = set()
    for i in range(12):
        attempt = join(contest, world.commune, f"09120000{i:02d}")
        drawn = [d["q"] for d in attempt.drawn]
        assert len(drawn) == len(set(drawn)) == attempt.max_score == 6
        assert Counter(areas[q] for q in drawn) == {"tthc": 4, "the_che": 2}
        for d in attempt.drawn:
            assert sorted(d["order"]) == [0, 1, 2, 3]
            orders.add(tuple(d["order"]))
    assert len(orders) > 1  # 72 option orders drawn: they are not all the same


def test_a_bank_too_small_for_the_blueprint_cannot_be_published(world, bank_of):
    contest = quiz(world, blueprint=[{"area": "cong_vu", "topic": "", "count": 3}], publish=False)
    with pytest.raises(DomainError, match="cần 3 câu nhưng ngân hàng chỉ có 2"):
        services.contest_set_status(
            actor=world.users["coordinator"], contest=contest, status=ContestStatus.PUBLISHED, revision=contest.revision
        )
    with pytest.raises(PermissionDenied):
        services.contest_set_status(
            actor=world.users["neighbour"], contest=contest, status=ContestStatus.PUBLISHED, revision=contest.revision
        )


def test_one_identity_per_phone_duplicates_flagged_organisers_refused(world, bank_of):
    contest = quiz(world)
    first = join(contest, world.commune, "0912 345 678", device="dev-1")
    assert first.participant.phone == "0912345678" and first.participant.flag == ""
    assert join(contest, world.commune, "+84912345678", device="dev-1").pk == first.pk  # the running attempt again
    with pytest.raises(DomainError, match="họ tên hoặc đơn vị khác"):
        join(contest, world.commune, "0912345678", name="Trần Thị Bình")
    same_device = join(contest, world.other_commune, "0987000001", name="Lê Văn Cường", device="dev-1")
    assert same_device.participant.flag == ParticipantFlag.SAME_DEVICE
    same_name = join(contest, world.commune, "0987000002", name="nguyen van an")
    assert same_name.participant.flag == ParticipantFlag.SAME_NAME
    with pytest.raises(DomainError, match="Số điện thoại phải gồm 10 chữ số"):
        join(contest, world.commune, "12345")
    with pytest.raises(DomainError, match="chọn đơn vị"):
        join(contest, world.foreign_commune, "0987000003")
    organiser = world.users["coordinator"]
    organiser.phone = "0905 111 222"
    organiser.save()
    with pytest.raises(DomainError, match="Ban tổ chức"):
        join(contest, world.commune, "0905111222")


def test_the_attempt_limit_per_round(world, bank_of):
    contest = quiz(world, attempts=2)
    for _ in range(2):
        attempt = join(contest, world.commune, "0912000001")
        play.submit(attempt=attempt, answers={}, prediction="")
    with pytest.raises(DomainError, match="đủ 2 lượt"):
        join(contest, world.commune, "0912000001")


def test_answers_after_the_time_limit_are_refused_and_close_the_attempt(world, bank_of):
    contest = quiz(world, minutes=5)
    attempt = join(contest, world.commune, "0912000002")
    late = time_machine.travel(attempt.started_at + timedelta(minutes=5, seconds=10), tick=False)
    with late, pytest.raises(play.TooLate):
        play.submit(attempt=attempt, answers=right_answers(attempt), prediction="")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.LATE and attempt.score == 0
    assert standings.round_ranking(attempt.participant.round) == []
    with pytest.raises(DomainError):  # and it cannot be sent again
        play.submit(attempt=attempt, answers=right_answers(attempt), prediction="")


def test_answers_in_time_are_scored_against_the_shuffled_options(world, bank_of):
    contest = quiz(world)
    attempt = join(contest, world.commune, "0912000003")
    done = play.submit(attempt=attempt, answers=right_answers(attempt, wrong=2), prediction="")
    assert (done.status, done.score, done.max_score) == (AttemptStatus.DONE, 4, 6)
    with pytest.raises(DomainError, match="không hợp lệ"):
        other = join(contest, world.commune, "0912000004")
        play.submit(attempt=other, answers={str(other.drawn[0]["q"]): "7"}, prediction="")


def _take(contest, unit, phone, name, *, wrong, prediction, seconds, at):
    with time_machine.travel(at, tick=False):
        attempt = join(contest, unit, phone, name=name)
    with time_machine.travel(at + timedelta(seconds=seconds), tick=False):
        return play.submit(attempt=attempt, answers=right_answers(attempt, wrong=wrong), prediction=str(prediction))


@pytest.mark.parametrize("kind", [Prediction.PEOPLE, Prediction.FULL_MARKS])
def test_ties_are_broken_by_prediction_then_time_then_submission_under_both_figures(world, bank_of, kind):
    contest = quiz(world, prediction=kind)
    start = timezone.now() - timedelta(minutes=30)
    # Five people: four with full marks, one with a wrong answer. Actual: 5 people take part, 4 get full marks.
    _take(contest, world.commune, "0911000001", "An", wrong=0, prediction=5, seconds=100, at=start)
    _take(contest, world.commune, "0911000002", "Bình", wrong=0, prediction=4, seconds=100, at=start)
    _take(contest, world.commune, "0911000003", "Cường", wrong=0, prediction=5, seconds=80, at=start)
    _take(contest, world.commune, "0911000004", "Dung", wrong=0, prediction=5, seconds=80, at=start + timedelta(1))
    _take(contest, world.other_commune, "0911000005", "Em", wrong=1, prediction=4, seconds=10, at=start)
    round_ = contest.rounds.get()
    actual = standings.actual_figure(round_)
    assert actual == (5 if kind == Prediction.PEOPLE else 4)
    order = [(r.rank, r.result.name) for r in standings.round_ranking(round_)]
    if kind == Prediction.PEOPLE:  # 5 is exact: An, Cường, Dung beat Bình; among them 80 s beats 100 s
        assert order == [(1, "Cường"), (2, "Dung"), (3, "An"), (4, "Bình"), (5, "Em")]
    else:  # 4 is exact: Bình first; Cường and Dung (80 s) before An
        assert order == [(1, "Bình"), (2, "Cường"), (3, "Dung"), (4, "An"), (5, "Em")]
    prizes = {r.result.name: r.prize for r in standings.round_ranking(round_)}
    assert sorted(p for p in prizes.values() if p) == ["Giải Nhì", "Giải Nhì", "Giải Nhất"]


def test_participation_is_the_sum_over_the_subtree_and_finishing_records_activities(world, bank_of):
    contest = quiz(world, closes=timezone.now() + timedelta(minutes=30))
    start = timezone.now() - timedelta(minutes=10)
    units = list(OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").order_by("code")[:3])
    phones = iter(range(100))
    for unit, people in zip(units, (3, 1, 2), strict=True):
        for _ in range(people):
            _take(
                contest,
                unit,
                f"09130000{next(phones):02d}",
                "Người dự thi",
                wrong=1,
                prediction=0,
                seconds=30,
                at=start,
            )
    rows = standings.participation(contest, [world.province, *units])
    assert [r.people for r in rows] == [6, 3, 1, 2]
    assert rows[0].people == sum(r.people for r in rows[1:]) and rows[0].attempts == 6
    # One truth: the dashboard's card counts the same people and attempts as the contest page's table.
    for unit, row in zip([world.province, *units], rows, strict=True):
        card = standings.turnout([contest], unit)[0]
        assert (card.people, card.attempts) == (row.people, row.attempts)
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/contests/{contest.pk}/").content.decode()
    assert f'data-unit="{units[0].code}"><td>{units[0].name}</td><td class="num">3</td>' in page
    dashboard = client.get("/dashboard/", {"unit": world.province.code}).content.decode()
    line = dashboard[dashboard.index(f'data-contest="{contest.pk}"') :].split("</tr>")[0]
    assert line.count('<td class="num">6</td>') == 2  # six people, six attempts: the page's figures
    world.province.staff_count = 40
    assert standings.participation(contest, [world.province])[0].share == 15  # 6 of 40
    round_ = contest.rounds.get()
    with pytest.raises(DomainError, match="chưa đóng"):
        finish_round(actor=world.users["coordinator"], round_=round_)
    with time_machine.travel(round_.closes_at + timedelta(minutes=1), tick=False):
        with pytest.raises(PermissionDenied):
            finish_round(actor=world.users["editor"], round_=round_)
        done = finish_round(actor=world.users["coordinator"], round_=round_)
        assert done.recorded == 4 and done.kept == []
        again = finish_round(actor=world.users["coordinator"], round_=round_)
        assert again.recorded == 4
    recorded = Activity.objects.filter(channel="cuoc_thi", title__contains=contest.title)
    assert recorded.count() == 4  # three communes and the organiser, once each however often it is finished
    by_unit = {a.unit_id: a.participants for a in recorded}
    # Each activity carries its list of participants as evidence (one file, replaced when finished again).
    assert all(a.evidence.count() == 1 for a in recorded)
    assert by_unit == {units[0].pk: 3, units[1].pk: 1, units[2].pk: 2, world.snv.pk: 6}


def test_public_pages_answer_bad_input_with_400_and_unknown_addresses_with_404(world, bank_of):
    contest = quiz(world)
    client = Client()
    assert client.get(f"/cuoc-thi/{contest.code}/").status_code == 200
    assert client.get("/cuoc-thi/khongco/").status_code == 404
    assert client.get(f"/cuoc-thi/{contest.code}/bai/khong-co-bai-nay-abc/").status_code == 404
    bad = client.post(f"/cuoc-thi/{contest.code}/vao-thi/", {"name": "", "unit": "x" * 300, "phone": "abc"})
    assert bad.status_code == 400 and "Số điện thoại phải gồm 10 chữ số" in bad.content.decode()
    found = client.get(f"/cuoc-thi/{contest.code}/don-vi/", {"q": world.commune.name.replace("ã", "a")})
    assert world.commune.code in found.content.decode()
    ok = client.post(
        f"/cuoc-thi/{contest.code}/vao-thi/",
        {"name": "Phạm Thị Hoa", "unit": world.commune.code, "phone": "0912555666"},
    )
    assert ok.status_code == 302
    attempt = Attempt.objects.get(participant__phone="0912555666")
    page = client.get(ok["Location"])
    assert page.status_code == 200 and page.content.decode().count('type="radio"') == 24
    hostile = client.post(ok["Location"], {f"q_{attempt.drawn[0]['q']}": "<script>"})
    assert hostile.status_code == 400
    again = client.post(
        f"/cuoc-thi/{contest.code}/vao-thi/",
        {"name": "Lý Văn Muộn", "unit": world.commune.code, "phone": "0912555777"},
    )
    later = Attempt.objects.get(participant__phone="0912555777")
    with time_machine.travel(later.deadline + timedelta(seconds=30), tick=False):
        came_back = client.get(again["Location"])  # the page opened again after the limit: closed, not shown
    later.refresh_from_db()
    assert came_back.status_code == 302 and later.status == AttemptStatus.LATE
    with time_machine.travel(attempt.deadline + timedelta(seconds=30), tick=False):
        late = client.post(ok["Location"], {f"q_{k}": v for k, v in right_answers(attempt).items()})
    assert late.status_code == 400 and "không được tính" in late.content.decode()


def test_a_running_rounds_closing_time_moves_through_the_page_its_opening_stays(world, bank_of):
    contest = quiz(world, opens=timezone.now().replace(second=27) - timedelta(hours=1))
    round_ = contest.rounds.get()
    client = Client()
    client.force_login(world.users["coordinator"])
    later = timezone.localtime(round_.closes_at + timedelta(days=2))
    response = client.post(
        f"/contests/{contest.pk}/rounds/1/",
        {
            "opens_at": timezone.localtime(round_.opens_at).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": later.strftime("%Y-%m-%dT%H:%M"),
            "revision": str(round_.revision),
        },
        follow=True,
    )
    assert "Đã lưu vòng thi." in response.content.decode()
    moved = contest.rounds.get()
    assert moved.opens_at == round_.opens_at and moved.closes_at == later.replace(second=0, microsecond=0)
    earlier = timezone.localtime(round_.opens_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        f"/contests/{contest.pk}/rounds/1/",
        {"opens_at": earlier, "closes_at": later.strftime("%Y-%m-%dT%H:%M"), "revision": str(moved.revision)},
        follow=True,
    )
    assert "không đổi được giờ mở" in refused.content.decode()


def test_a_rounds_certificates_name_the_units_place_and_the_organising_committee(world, bank_of):
    import io

    from pypdf import PdfReader

    from loa.plans.defaults import place_for

    contest = quiz(world)
    start = timezone.now() - timedelta(minutes=20)
    _take(contest, world.commune, "0914000001", "Trần Văn Nhất", wrong=0, prediction=0, seconds=30, at=start)
    _take(contest, world.commune, "0914000002", "Lê Thị Nhì", wrong=2, prediction=0, seconds=30, at=start)
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/contests/{contest.pk}/rounds/1/ranking/").content.decode()
    assert f'name="place" maxlength="60" value="{place_for(world.snv)}"' in page
    pdf = client.get(f"/contests/{contest.pk}/rounds/1/certificates.pdf", {"signer": "Phạm Văn Ký"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) == 2 and "Trần Văn Nhất" in text and "Giải Nhì" in text
    assert f"{place_for(world.snv)}, ngày" in text and "TRƯỞNG BAN" in text and "Phạm Văn Ký" in text


def test_question_numbers_past_a_thousand_keep_their_answers(world):
    """Answers are named by question id on the page: an id written as 1.234 (Vietnamese thousands) would lose them."""
    from loa.contests.models import Question

    for i in range(6):
        Question.objects.create(
            pk=12_340 + i,
            owner=world.snv,
            code=f"CH9{i}",
            area="tthc",
            text=f"Câu hỏi số lớn {i}",
            options=[f"Phương án {c} {i}" for c in "ABCD"],
            answer=i % 4,
        )
    contest = quiz(world, blueprint=[{"area": "tthc", "topic": "", "count": 6}])
    client = Client()
    joined = client.post(
        f"/cuoc-thi/{contest.code}/vao-thi/",
        {"name": "Đinh Văn Lớn", "unit": world.commune.code, "phone": "0915000001"},
    )
    attempt = Attempt.objects.get(participant__phone="0915000001")
    page = client.get(joined["Location"]).content.decode()
    assert 'name="q_12340"' in page and "12.340" not in page
    sent = client.post(joined["Location"], {f"q_{k}": v for k, v in right_answers(attempt).items()})
    attempt.refresh_from_db()
    assert sent.status_code == 302 and (attempt.score, attempt.max_score) == (6, 6)
