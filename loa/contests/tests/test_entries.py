"""Contests of entries (issue 21 item 5): entries sent with files from the public page before the deadline, judges
scoring each entry on the criteria sheet without seeing the others' scores, the results and the certificates."""

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from loa.activity.demo import demo_pdf
from loa.contests import entries, services, standings
from loa.contests.models import Contest, Entry, EntryFile, Round
from loa.org.models import User

CRITERIA = [{"name": "Tính mới, sáng tạo", "max": 40}, {"name": "Hiệu quả, khả năng nhân rộng", "max": 60}]
PRIZES = [{"label": "Giải Nhất", "count": 1}, {"label": "Giải Nhì", "count": 1}]


@pytest.fixture
def judges(world) -> dict[str, User]:
    """Two judges from other communes of the province: neither reads the organising commune's data."""
    return {"a": world.users["neighbour"], "b": User.objects.get(username="xa3.nhaplieu")}


@pytest.fixture
def contest(world, judges) -> Contest:
    """The editor's commune's published contest of entries, its call open since yesterday until tomorrow."""
    organiser = world.users["editor"]
    data = services.ContestInput(
        kind="ct_entries", title="Sáng kiến, giải pháp về CCHC năm 2026", criteria=CRITERIA, prizes=PRIZES
    )
    found = services.contest_create(actor=organiser, unit=world.commune, data=data)
    now = timezone.now()
    services.round_save(
        actor=organiser,
        contest=found,
        data=services.RoundInput(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)),
    )
    found = services.judges_set(
        actor=organiser, contest=found, user_ids=[u.pk for u in judges.values()], revision=found.revision
    )
    return services.contest_set_status(actor=organiser, contest=found, status="ct_published", revision=found.revision)


def _submit_url(contest: Contest) -> str:
    return f"/cuoc-thi/{contest.code}/nop-bai/"


def _form(world, **changes: Any) -> dict[str, Any]:
    content = demo_pdf("Sang kien mot cua")
    body = {
        "entrant": "by_person",
        "author": "Nguyễn Thị Sáng",
        "unit": world.other_commune.code,
        "phone": "0987 111 222",
        "title": "Một cửa không giấy tờ",
        "summary": "Số hóa hồ sơ tại bộ phận một cửa.",
        "files": SimpleUploadedFile("Bài dự thi.pdf", content, content_type="application/pdf"),
    }
    body.update(changes)
    return body


def _entry(world, contest: Contest, title: str, phone: str = "0987111222") -> Entry:
    content = demo_pdf(title)
    data = entries.EntryInput(
        entrant="by_person",
        author=f"Tác giả {title}",
        unit=world.other_commune,
        phone=phone,
        title=title,
        files=[("bai.pdf", len(content), io.BytesIO(content))],
    )
    return entries.entry_submit(contest=contest, data=data)


def _close(contest: Contest) -> None:
    Round.objects.filter(contest=contest).update(closes_at=timezone.now() - timedelta(minutes=1))


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- the public form -------------------------------------------------------------------------------------------------


def test_an_entry_sent_with_a_pdf_is_recorded_with_its_file(world, contest):
    response = _client().post(_submit_url(contest), _form(world))
    assert response.status_code == 200, response.content.decode()[:2000]
    entry = Entry.objects.get(round__contest=contest)
    html = response.content.decode()
    assert entry.code in html and "Ban tổ chức đã nhận bài dự thi" in html
    assert (entry.author, entry.unit, entry.phone, entry.entrant) == (
        "Nguyễn Thị Sáng",
        world.other_commune,
        "0987111222",
        "by_person",
    )
    stored = EntryFile.objects.get(entry=entry)
    assert (stored.name, stored.kind) == ("Bài dự thi.pdf", "pdf")
    with stored.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")


def test_the_public_page_of_an_entries_contest_shows_the_form(world, contest):
    html = _client().get(f"/cuoc-thi/{contest.code}/").content.decode()
    assert f'action="/cuoc-thi/{contest.code}/nop-bai/"' in html and 'enctype="multipart/form-data"' in html
    assert "Cá nhân" in html and "by_person" in html  # the label shown, the code only as the value sent


def test_an_exe_named_pdf_is_refused_and_nothing_is_stored(world, contest):
    fake = SimpleUploadedFile("bai.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")
    response = _client().post(_submit_url(contest), _form(world, files=fake))
    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải PDF" in html and "Nguyễn Thị Sáng" in html  # the message, and what was typed kept
    assert not Entry.objects.exists() and not EntryFile.objects.exists()


def test_an_entry_after_the_deadline_is_refused(world, contest):
    _close(contest)
    response = _client().post(_submit_url(contest), _form(world))
    assert response.status_code == 400
    assert "hết hạn nhận bài" in response.content.decode()
    assert not Entry.objects.exists()


def test_an_organisers_phone_is_refused(world, contest):
    User.objects.filter(pk=world.users["editor"].pk).update(phone="0912 345 678")
    response = _client().post(_submit_url(contest), _form(world, phone="0912345678"))
    assert response.status_code == 400
    assert "Ban tổ chức và giám khảo không được tham gia" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_signed_in_judge_or_organiser_is_refused(world, contest, judges):
    for user in (judges["a"], world.users["coordinator"]):
        response = _client(user).post(_submit_url(contest), _form(world))
        assert response.status_code == 400, user.username
    assert not Entry.objects.exists()


def test_bad_input_is_a_400_with_the_form_never_a_500(world, contest):
    client = _client()
    for changes in ({"unit": "KHONG-CO"}, {"entrant": "robot"}, {"phone": "12"}, {"title": ""}, {"files": ""}):
        response = client.post(_submit_url(contest), _form(world, **changes))
        assert response.status_code == 400, changes
        assert 'data-testid="entry-form"' in response.content.decode()
    assert client.post("/cuoc-thi/khongco/nop-bai/", _form(world)).status_code == 404
    assert not Entry.objects.exists()


@override_settings(LOA_EVIDENCE_MAX_BYTES=1000)
def test_a_body_past_the_limit_is_refused_before_it_is_read(world, contest):
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (2**20 + 5000), content_type="application/pdf")
    response = _client().post(_submit_url(contest), _form(world, files=big))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert not Entry.objects.exists()


@override_settings(LOA_CONTEST_ENTRIES_PER_HOUR=1)
def test_too_many_entries_from_one_address_are_refused_for_the_hour(world, contest):
    client = _client()
    assert client.post(_submit_url(contest), _form(world)).status_code == 200
    refused = client.post(_submit_url(contest), _form(world, title="Bài thứ hai"))
    assert refused.status_code == 429 and "thử lại sau" in refused.content.decode()
    assert Entry.objects.count() == 1


def test_the_unit_search_narrows_the_list_and_keeps_what_was_typed(world, contest):
    wanted = world.other_commune
    response = _client().post(
        _submit_url(contest), {"search": "1", "q": wanted.name, "author": "Trần Văn Tìm", "title": "Giải pháp"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{wanted.code}"' in html and "Trần Văn Tìm" in html
    assert not Entry.objects.exists()


def test_get_goes_to_the_contest_page(contest):
    response = _client().get(_submit_url(contest))
    assert response.status_code == 302 and response["Location"] == f"/cuoc-thi/{contest.code}/"


# --- judging ---------------------------------------------------------------------------------------------------------


def _score(user: User, entry: Entry, points: list[str], comment: str = "", revision: int = 0) -> Any:
    fresh = Entry.objects.select_related("round__contest").get(pk=entry.pk)  # the call closed since it was sent
    return entries.score_save(actor=user, entry=fresh, points=points, comment=comment, revision=revision)


def test_a_judge_sees_only_their_own_sheet(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến một")
    _close(contest)
    _score(judges["a"], entry, ["12,5", "20"], "Nhận xét của giám khảo A")
    _score(judges["b"], entry, ["33.75", "51.25"], "Ý kiến riêng của giám khảo B")
    client = _client(judges["a"])
    page = client.get(f"/contests/{contest.pk}/entries/{entry.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhận xét của giám khảo A" in html and 'value="12,5"' in html
    for secret in ("33,75", "51,25", "33.75", "51.25", "85,00", "Ý kiến riêng của giám khảo B", judges["b"].full_name):
        assert secret not in html, secret
    assert 'data-testid="all-sheets"' not in html and "Điểm trung bình" not in html
    listing = client.get(f"/contests/{contest.pk}/entries/").content.decode()
    assert entry.code in listing and "đã chấm" in listing
    for secret in ("33,75", "51,25", "85,00", "58,75", 'data-testid="entry-average"'):
        assert secret not in listing, secret
    # The organiser reads every sheet and the average.
    organiser = _client(world.users["editor"]).get(f"/contests/{contest.pk}/entries/{entry.pk}/").content.decode()
    assert "Ý kiến riêng của giám khảo B" in organiser and "33,75" in organiser and "58,75" in organiser


def test_a_judge_scores_through_the_page(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến hai")
    _close(contest)
    client = _client(judges["a"])
    url = f"/contests/{contest.pk}/entries/{entry.pk}/score/"
    response = client.post(url, {"revision": "0", "c0": "30,5", "c1": "50", "comment": "Tốt"})
    assert response.status_code == 302
    sheet = entries.own_sheet(judges["a"], entry)
    assert (sheet.points, sheet.total, sheet.comment) == (["30.5", "50"], Decimal("80.5"), "Tốt")
    bad = client.post(url, {"revision": "0", "c0": "41", "c1": "50"})
    assert bad.status_code == 400 and "phải từ 0 đến 40" in bad.content.decode()
    assert 'value="41"' in bad.content.decode()  # what was typed comes back


def test_scoring_waits_for_the_deadline(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến sớm")
    response = _client(judges["a"]).post(
        f"/contests/{contest.pk}/entries/{entry.pk}/score/", {"revision": "0", "c0": "1", "c1": "1"}
    )
    assert response.status_code == 400 and "sau khi hết hạn nhận bài" in response.content.decode()


def test_someone_who_is_not_a_judge_cannot_score(world, contest):
    entry = _entry(world, contest, "Sáng kiến ba")
    _close(contest)
    body = {"revision": "0", "c0": "10", "c1": "10"}
    url = f"/contests/{contest.pk}/entries/{entry.pk}/score/"
    assert _client(world.users["viewer"]).post(url, body).status_code == 403  # reads the contest, judges nothing
    assert _client(world.users["editor"]).post(url, body).status_code == 403  # the organiser is not a judge
    outsider = User.objects.get(username="stp.nhaplieu")  # of the province, neither reader nor judge
    assert _client(outsider).post(url, body).status_code == 404
    assert not entry.scores.exists()


def test_a_stale_sheet_is_refused_with_409(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến bốn")
    _close(contest)
    client = _client(judges["a"])
    url = f"/contests/{contest.pk}/entries/{entry.pk}/score/"
    assert client.post(url, {"revision": "0", "c0": "10", "c1": "10"}).status_code == 302
    assert client.post(url, {"revision": "0", "c0": "11", "c1": "10"}).status_code == 302  # read at 0, now 1
    stale = client.post(url, {"revision": "0", "c0": "39", "c1": "59"})
    assert stale.status_code == 409 and "Tải lại trang" in stale.content.decode().replace("tải lại", "Tải lại")
    assert entries.own_sheet(judges["a"], entry).total == Decimal("21")


def test_organisers_choose_the_judges(world, contest, judges):
    url = f"/contests/{contest.pk}/judges/"
    organiser = _client(world.users["editor"])
    page = organiser.get(url)
    assert page.status_code == 200 and judges["b"].full_name in page.content.decode()
    contest.refresh_from_db()
    response = organiser.post(url, {"revision": str(contest.revision), "judge": [str(judges["a"].pk)]})
    assert response.status_code == 302
    assert list(contest.judges.all()) == [judges["a"]]
    stale = organiser.post(url, {"revision": str(contest.revision), "judge": [str(judges["b"].pk)]})
    assert stale.status_code == 409 and list(contest.judges.all()) == [judges["a"]]
    contest.refresh_from_db()
    viewer = _client(world.users["viewer"])
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"revision": str(contest.revision), "judge": [str(judges["b"].pk)]}).status_code == 403
    assert _client(judges["a"]).get(url).status_code == 403
    foreign = organiser.post(url, {"revision": str(contest.revision), "judge": [str(world.users["foreign"].pk)]})
    assert foreign.status_code == 400 and list(contest.judges.all()) == [judges["a"]]


def test_organisers_exclude_an_entry(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến loại")
    url = f"/contests/{contest.pk}/entries/{entry.pk}/exclude/"
    assert _client(judges["a"]).post(url, {"excluded": "1"}).status_code == 403
    assert _client(world.users["editor"]).post(url, {"excluded": "1"}).status_code == 302
    entry.refresh_from_db()
    assert entry.excluded
    assert standings.entry_results(contest) == []


def test_entry_files_are_for_organisers_and_judges(world, contest, judges):
    entry = _entry(world, contest, "Sáng kiến tệp")
    stored = entry.files.get()
    url = f"/contests/{contest.pk}/entries/{entry.pk}/files/{stored.pk}/"
    for user in (judges["a"], world.users["editor"], world.users["viewer"]):
        response = _client(user).get(url)
        assert response.status_code == 200, user.username
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert _client(User.objects.get(username="stp.nhaplieu")).get(url).status_code == 404
    assert _client(world.users["foreign"]).get(url).status_code == 404
    assert _client(world.users["editor"]).get(url.replace(f"/{stored.pk}/", "/999999/")).status_code == 404


# --- results and certificates ----------------------------------------------------------------------------------------


@pytest.fixture
def judged(world, contest, judges) -> dict[str, Entry]:
    """Three entries: two tied at 85,25 (the mean of 80,5 and 90, and of 85 and 85,5), one scored by one judge."""
    made = {name: _entry(world, contest, name, phone=f"098700000{i}") for i, name in enumerate(("E1", "E2", "E3"))}
    _close(contest)
    _score(judges["a"], made["E1"], ["30.5", "50"])
    _score(judges["b"], made["E1"], ["35", "55"])
    _score(judges["a"], made["E2"], ["40", "45"])
    _score(judges["b"], made["E2"], ["30", "55.5"])
    _score(judges["a"], made["E3"], ["10", "10"])
    return made


def test_results_average_the_judges_totals_and_ties_share_a_rank(world, contest, judged):
    results = standings.entry_results(contest)
    by_title = {r.entry.title: r for r in results}
    assert by_title["E1"].average == Decimal("85.25") == by_title["E2"].average
    assert (by_title["E1"].rank, by_title["E2"].rank, by_title["E3"].rank) == (1, 1, 3)
    assert by_title["E3"].average == Decimal("20.00") and by_title["E3"].sheets == 1
    response = _client(world.users["editor"]).get(f"/contests/{contest.pk}/results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("85,25") == 2 and "20,00" in html and "Giải Nhất" in html
    assert 'data-testid="incomplete"' in html  # E3 lacks judge B's sheet


def test_results_are_not_for_judges_from_elsewhere(world, contest, judged, judges):
    assert _client(judges["a"]).get(f"/contests/{contest.pk}/results/").status_code == 403
    assert _client(judges["a"]).get(f"/contests/{contest.pk}/results/certificates.pdf").status_code == 403


def test_certificates_have_one_page_per_prize_winner(world, contest, judged):
    from pypdf import PdfReader

    response = _client(world.users["editor"]).get(
        f"/contests/{contest.pk}/results/certificates.pdf", {"title": "CHỦ TỊCH", "signer": "Lê Văn Ký"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    winners = [r for r in standings.entry_results(contest) if r.prize]
    assert len(winners) == 2  # the tie at the first place: two first prizes
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == len(winners)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Tác giả E1" in text and "Tác giả E2" in text and "85,25" in text


def test_certificates_without_a_winner_go_back_to_the_results(world, contest):
    response = _client(world.users["editor"]).get(f"/contests/{contest.pk}/results/certificates.pdf")
    assert response.status_code == 302 and response["Location"] == f"/contests/{contest.pk}/results/"


def test_a_quiz_has_no_entry_pages(world):
    data = services.ContestInput(
        kind="ct_quiz", title="Tìm hiểu CCHC", blueprint=[{"area": "", "topic": "", "count": 5}]
    )
    quiz = services.contest_create(actor=world.users["editor"], unit=world.commune, data=data)
    assert _client(world.users["editor"]).get(f"/contests/{quiz.pk}/entries/").status_code == 404


def test_finishing_the_call_publishes_the_awards_and_records_the_units_activities(world, contest, judged, judges):
    from loa.activity.models import Activity
    from loa.contests.finish import finish_round

    public = _client().get(f"/cuoc-thi/{contest.code}/xep-hang/")
    assert public.status_code == 200 and "Tác giả E1" not in public.content.decode()  # not before it is finished
    done = finish_round(actor=world.users["editor"], round_=contest.rounds.get())
    assert done.recorded == 2 and done.kept == []  # the entrants' commune and the organiser
    awards = _client().get(f"/cuoc-thi/{contest.code}/xep-hang/").content.decode()
    assert "Tác giả E1" in awards and "Tác giả E2" in awards and "Tác giả E3" not in awards
    assert "85,25" not in awards  # judges' averages stay with the organiser
    activity = Activity.objects.get(unit=world.other_commune, channel="cuoc_thi")
    assert activity.participants == 3 and activity.evidence.count() == 1


def test_a_judge_removed_from_the_panel_no_longer_weighs_on_the_results(world, contest, judged, judges):
    contest.refresh_from_db()
    services.judges_set(
        actor=world.users["editor"], contest=contest, user_ids=[judges["a"].pk], revision=contest.revision
    )
    by_title = {r.entry.title: r for r in standings.entry_results(contest)}
    assert (by_title["E1"].average, by_title["E1"].sheets) == (Decimal("80.50"), 1)  # judge A's 30,5 + 50 alone
    assert (by_title["E2"].average, by_title["E3"].average) == (Decimal("85.00"), Decimal("20.00"))
