"""The fuzzer's world: a throwaway SQLite database with the demo province, and the sample files.

Sample files come from Loa's own generators (the import templates, the activities export, the plan DOCX
of the demo's plan) and from the document-import fixtures in loa/intake/tests. Built once and kept in
`var/fuzz/` under a key of the migrations and these generators, so later runs start in a second.
"""

import hashlib
import pickle
import shutil
from pathlib import Path
from typing import Any

from .mutate import Seed, unpack

BASE_DIR = Path(__file__).resolve().parents[2]
FIXTURES = BASE_DIR / "loa/intake/tests/fixtures/docs"
# Which importer reads which kind of sample: the plan-document importer reads all four formats.
DOCUMENT_KINDS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt", ".html": "html"}


def world_key() -> str:
    """Changes when a migration or a generator of the world or of the samples changes."""
    digest = hashlib.sha256()
    sources = [
        *sorted(BASE_DIR.glob("loa/*/migrations/*.py")),
        BASE_DIR / "loa/demo/builder.py",
        Path(__file__),
        *sorted(FIXTURES.iterdir()),
    ]
    for path in sources:
        digest.update(path.relative_to(BASE_DIR).as_posix().encode())
        digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:16]


def build(directory: Path) -> None:
    """Migrate a fresh database in `directory`, build the demo in it, and write the samples (Django set up)."""
    from django.core.management import call_command

    from loa.demo.builder import build_demo

    call_command("migrate", verbosity=0)
    build_demo(seed=2026, with_reports=False)
    seeds = _seeds()
    (directory / "seeds.pickle").write_bytes(pickle.dumps(seeds))


def load(directory: Path) -> dict[str, list[Seed]]:
    loaded: dict[str, list[Seed]] = pickle.loads((directory / "seeds.pickle").read_bytes())
    return loaded


def copy_world(cache: Path, run_dir: Path) -> None:
    for name in ("world.sqlite3", "seeds.pickle"):
        shutil.copyfile(cache / name, run_dir / name)


def _seeds() -> dict[str, list[Seed]]:
    from loa.activity.models import Activity
    from loa.activity.xlsx_io import export as activities_export
    from loa.activity.xlsx_io import template as activities_template
    from loa.channels.selectors import subtree_channels
    from loa.channels.xlsx_io import workbook as channels_workbook
    from loa.contests.bank_xlsx import export_bank
    from loa.contests.bank_xlsx import template as bank_template
    from loa.contests.models import Question
    from loa.core.xlsx import write_table
    from loa.indices.services import template as indices_template
    from loa.intake.appendix import table_text
    from loa.intake.appendix_template import template_xlsx
    from loa.org.models import OrgUnit, User
    from loa.org.unit_import import unit_template
    from loa.org.user_import import COLUMNS as USER_COLUMNS
    from loa.org.user_import import unit_label, user_template
    from loa.plans.document import plan_docx, plan_xlsx
    from loa.plans.models import Plan
    from loa.surveys.definition import items
    from loa.surveys.models import Survey
    from loa.surveys.xlsform import xlsform

    coordinator = User.objects.get(username="snv.dieuphoi")
    editor = User.objects.get(username="xa1.nhaplieu")
    communes = list(OrgUnit.objects.filter(parent__code="42", unit_type="ubnd_xa").order_by("code")[:8])
    activities = list(Activity.objects.filter(unit=editor.unit).prefetch_related("tasks").order_by("pk")[:60])
    seeds: dict[str, list[Seed]] = {
        "activities": [],
        "units": [],
        "indices": [],
        "users": [],
        "plan": [],
        "appendix": [],
        "channels": [],
        "survey.results": [],
        "survey.xlsform": [],
        "contest.bank": [],
    }

    def add(importer: str, kind: str, name: str, data: bytes) -> None:
        seeds[importer].append(unpack(kind, name, data))

    add("activities", "xlsx", "mau-hoat-dong.xlsx", activities_template())
    add("activities", "xlsx", "hoat-dong.xlsx", activities_export(activities))
    add("activities", "xlsx", "hoat-dong-3.xlsx", activities_export(activities[:3]))
    add("units", "xlsx", "mau-don-vi.xlsx", unit_template())
    unit_rows = [[f"42.SNV.P{i}", f"Phòng số {i}", "", "khac", "42.SNV", "", "", "", "01/01/2026"] for i in range(1, 6)]
    headers = ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại đơn vị", "Mã đơn vị cấp trên"]
    headers += ["Thư điện tử", "Điện thoại", "Địa chỉ", "Hiệu lực từ"]
    add("units", "xlsx", "don-vi.xlsx", write_table("Đơn vị", headers, unit_rows))
    add("indices", "xlsx", "mau-chi-so.xlsx", indices_template())
    index_rows = [
        [c.code, c.name, "PAR INDEX", 2024, f"{80 + i},5", i + 1, 34, "15/04/2025", "Quyết định 1/QĐ-UBND", ""]
        for i, c in enumerate(communes)
    ]
    index_headers = ["Mã đơn vị", "Tên đơn vị", "Chỉ số", "Năm", "Giá trị", "Xếp hạng", "Trên tổng số"]
    index_headers += ["Ngày công bố", "Văn bản nguồn", "Ghi chú"]
    add("indices", "xlsx", "chi-so.xlsx", write_table("Chỉ số", index_headers, index_rows))
    add("users", "xlsx", "mau-tai-khoan.xlsx", user_template(actor=coordinator))
    user_rows = [
        [unit_label(c), f"Nguyễn Văn {chr(65 + i)}", "editor", "", "Công chức", f"u{i}@x.vn", ""]
        for i, c in enumerate(communes)
    ]
    add("users", "xlsx", "tai-khoan.xlsx", write_table("Tài khoản", USER_COLUMNS, user_rows))
    add("channels", "xlsx", "mau-so-kenh.xlsx", channels_workbook([], example=True))
    province = OrgUnit.objects.get(code="42")
    add("channels", "xlsx", "so-kenh.xlsx", channels_workbook(list(subtree_channels(actor=coordinator, unit=province))))
    survey = Survey.objects.filter(unit=editor.unit).first()
    assert survey is not None
    add("survey.xlsform", "xlsx", "xlsform.xlsx", xlsform(survey))
    add("contest.bank", "xlsx", "mau-ngan-hang.xlsx", bank_template())
    add("contest.bank", "xlsx", "ngan-hang.xlsx", export_bank(Question.objects.order_by("pk")[:40]))
    keys = [q.key for q in items(survey.definition)]
    kobo = [
        [*(str((i + n) % 6) for n in range(len(keys))), f"2026-0{1 + i % 9}-1{i % 9}", f"uuid:{i:08d}"]
        for i in range(12)
    ]
    add("survey.results", "xlsx", "kobo.xlsx", write_table("Kobo", [*keys, "today", "_uuid"], kobo))
    plan = Plan.objects.filter(issuer__code="42", parent__isnull=True).first()
    if plan is not None:
        add("plan", "docx", "ke-hoach-demo.docx", plan_docx(plan))
        # The appendix import's three sources: the template, the plan's own export, its document's table, and rows
        # as pasted from Word (tab-separated, a cell's line break unquoted) and from Excel (quoted).
        add("appendix", "xlsx", "mau-phu-luc.xlsx", template_xlsx(plan))
        add("appendix", "xlsx", "phu-luc.xlsx", plan_xlsx(plan))
        add("appendix", "docx", "ke-hoach-demo.docx", plan_docx(plan))
        rows = table_text([list(map(str, row)) for row in _appendix_rows(plan)])
        add("appendix", "txt", "phu-luc-excel.txt", rows.encode())
        add("appendix", "txt", "phu-luc-word.txt", rows.replace('"', "").encode())
    for path in sorted(FIXTURES.iterdir()):
        kind = DOCUMENT_KINDS.get(path.suffix)
        if kind is None:
            continue
        data = path.read_bytes()
        add("plan", kind, path.name, data)
        if kind == "pdf":  # its first page alone: the same structures, a fraction of the layout work
            add("plan", kind, f"p1-{path.name}", _first_page(data))
        if kind in {"txt", "html"}:  # a short copy: the same shapes, a fifth of the cost per input
            add("plan", kind, f"short-{path.name}", data[: max(data.rfind(b"\n", 0, 1500), 200)])
    return seeds


def _appendix_rows(plan: Any) -> list[list[object]]:
    from loa.plans.document import XLSX_HEADERS, lead_name

    rows: list[list[object]] = [list(XLSX_HEADERS)]
    for i, task in enumerate(plan.tasks.select_related("lead_unit", "plan__issuer").order_by("position"), start=1):
        rows.append([i, task.title, "", task.channel, "", lead_name(task, plan.issuer), "", task.deadline or "", ""])
    return rows


def _first_page(data: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(data)).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
