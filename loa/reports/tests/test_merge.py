"""Merging reporters' texts into a draft paragraph of the consolidated report (issue 19, item 1)."""

from datetime import UTC, datetime

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from loa.core.periods import require_period
from loa.org.scope import SYSTEM
from loa.reports.merge import _key, merge_texts, sentences
from loa.reports.models import Report
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_save, report_submit

PERIOD = require_period("2026Q1")
ON_TIME = datetime(2026, 3, 19, 9, tzinfo=UTC)


def test_sentences_split_lines_bullets_and_stops_but_not_abbreviations():
    text = "- Đăng 12 tin trên Trang TTĐT. Tổ chức 2 hội nghị\n+ Phối hợp với TP. Huế tuyên truyền!\n\n1. Niêm yết TTHC"
    assert sentences(text) == [
        "Đăng 12 tin trên Trang TTĐT.",
        "Tổ chức 2 hội nghị.",
        "Phối hợp với TP. Huế tuyên truyền!",
        "Niêm yết TTHC.",
    ]


def test_merge_names_units_and_drops_sentences_said_twice():
    merged = merge_texts(
        [
            ("UBND xã A", "Đăng 12 tin trên Trang TTĐT. Niêm yết công khai TTHC tại bộ phận một cửa."),
            ("UBND xã B", "- Niêm yết công khai TTHC tại Bộ phận Một cửa\n- Phát thanh 30 lượt."),
            ("UBND xã C", "Niêm yết công khai TTHC tại bộ phận một cửa. Phát thanh 30 lượt."),
        ]
    )
    assert merged.splitlines() == [
        "- UBND xã A: Đăng 12 tin trên Trang TTĐT.",
        "- UBND xã A, UBND xã B và UBND xã C: Niêm yết công khai TTHC tại bộ phận một cửa.",
        "- UBND xã B và UBND xã C: Phát thanh 30 lượt.",
    ]


def test_merging_one_text_names_its_unit():
    assert merge_texts([("Sở Y tế", "Đăng 3 tin.")]) == "- Sở Y tế: Đăng 3 tin."
    assert merge_texts([]) == ""


_WORDS = st.sampled_from(["tuyên truyền", "CCHC", "xã", "12 tin", "hội nghị", "Zalo", "niêm yết", "TTHC", "loa"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=5).map(lambda w: " ".join(w).capitalize() + ".")
_TEXT = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@given(st.lists(st.tuples(st.sampled_from(["Xã A", "Xã B", "Xã C", "Phường D"]), _TEXT), max_size=6))
def test_every_sentence_is_kept_once_and_every_unit_named(offers):
    merged = merge_texts(offers)
    said = [s for line in merged.splitlines() for s in sentences(line.split(": ", 1)[1])]
    assert len({_key(s) for s in said}) == len(said)  # no sentence twice
    wanted = {_key(s) for _unit, text in offers for s in sentences(text)}
    assert {_key(s) for s in said} == wanted  # nothing dropped
    for unit, _text in offers:
        assert unit in merged


def test_the_sos_editor_merges_three_units_texts_into_a_section(world, four):
    a, b, c, _d = four
    texts = {
        a: "Đăng 5 tin về CCHC trên Trang TTĐT xã. Niêm yết đầy đủ TTHC tại bộ phận một cửa.",
        b: "Niêm yết đầy đủ TTHC tại Bộ phận Một cửa. Phát thanh 20 lượt trên loa truyền thanh.",
        c: "Phát thanh 20 lượt trên loa truyền thanh.",
    }
    for unit, text in texts.items():
        report_save(actor=SYSTEM, unit=unit, period=PERIOD, sections={"channels": text})
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period=PERIOD, now=ON_TIME))
    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/reports/{world.snv.code}/{PERIOD.id}/"
    page = client.get(url)
    assert page.status_code == 200
    offers = [o.unit for o in next(i for i in page.context["outline"] if i["key"] == "channels")["offers"]]
    assert {a.code, b.code, c.code} <= set(offers)
    form = page.context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    before = data["channels"]

    nothing = client.post(url, {**data, "merge": "channels"})
    assert nothing.status_code == 200 and "Chọn ít nhất một nội dung" in nothing.content.decode()
    assert not Report.objects.filter(unit=world.snv, period=PERIOD.id).exists()  # nothing saved

    picked = [c.code, a.code, b.code]  # ticked in any order, merged in the order offered
    response = client.post(url, {**data, "merge": "channels", "pick-channels": picked})
    assert response.status_code == 302 and response["Location"].endswith("#section-channels")
    text = report_state(actor=SYSTEM, unit=world.snv, period=PERIOD).sections["channels"]
    assert text.startswith(before.rstrip())  # the draft kept, the merge added after it
    added = text[len(before.rstrip()) :].strip().splitlines()
    assert added == [
        f"- {a.name}: Đăng 5 tin về CCHC trên Trang TTĐT xã.",
        f"- {a.name} và {b.name}: Niêm yết đầy đủ TTHC tại bộ phận một cửa.",
        f"- {b.name} và {c.name}: Phát thanh 20 lượt trên loa truyền thanh.",
    ]
    report = Report.objects.get(unit=world.snv, period=PERIOD.id)
    assert "channels" in report.sections  # edited by hand from now on: the figures no longer rewrite it


def test_api_merges_like_the_page_and_names_a_wrong_section(world, four):
    a, b, _c, _d = four
    for unit, text in ((a, "Đăng 5 tin. Niêm yết TTHC."), (b, "Niêm yết TTHC. Phát thanh 3 lượt.")):
        report_save(actor=SYSTEM, unit=unit, period=PERIOD, sections={"channels": text})
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period=PERIOD, now=ON_TIME))
    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/api/reports/{world.snv.code}/{PERIOD.id}/merge"
    body = {"section": "channels", "units": [b.code, a.code, "không-có"]}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "section": "channels",
        "text": f"- {a.name}: Đăng 5 tin.\n- {a.name} và {b.name}: Niêm yết TTHC.\n- {b.name}: Phát thanh 3 lượt.",
    }
    wrong = client.post(url, {"section": "kết quả", "units": [a.code]}, content_type="application/json")
    assert wrong.status_code == 400 and "«kết quả»" in wrong.json()["detail"]
    assert not Report.objects.filter(unit=world.snv, period=PERIOD.id).exists()  # a merge saves nothing
