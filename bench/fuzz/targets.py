"""The importers as the fuzzer runs them: the same entry functions the pages, the API and the CLI call.

Plan documents go through `intake.services.read` (readers and extractor; nothing written); a task appendix (XLSX
template, DOCX table or pasted text) through `intake.services.appendix_preview` (read and checked, nothing
written). The XLSX imports (a survey's field results among them) run as a check-only pass (`dry_run=True`) as
their actor would start them, against the fuzzer's throwaway database: every parse and validation step runs, nothing
is written; an XLSForm is read back as the questionnaire it describes; a contest's question bank is checked as
its Sở Nội vụ imports it.
"""

from collections.abc import Callable
from typing import Any

IMPORTERS = [
    "plan.docx",
    "plan.pdf",
    "plan.txt",
    "plan.html",
    "activities",
    "units",
    "indices",
    "users",
    "appendix",
    "channels",
    "survey.results",
    "survey.xlsform",
    "contest.bank",
]
Target = Callable[[bytes], Any]


def load_targets() -> dict[str, Target]:
    """Each importer as a function of the file's bytes (Django set up, the fuzzer's world loaded)."""
    from loa.activity.xlsx_io import import_activities
    from loa.channels.xlsx_io import import_channels
    from loa.contests.bank_xlsx import import_bank
    from loa.indices.services import import_index_values
    from loa.intake.appendix import table_from_file, table_from_text
    from loa.intake.readers import decoded
    from loa.intake.services import appendix_preview, read
    from loa.org.models import User
    from loa.org.unit_import import import_units
    from loa.org.user_import import import_accounts
    from loa.plans.models import Plan
    from loa.surveys.models import Survey
    from loa.surveys.xlsform import import_results, read_xlsform

    coordinator = User.objects.select_related("unit").get(username="snv.dieuphoi")
    editor = User.objects.select_related("unit").get(username="xa1.nhaplieu")
    assert editor.unit is not None
    commune = editor.unit

    def document(extension: str) -> Target:
        return lambda data: read(f"ke-hoach.{extension}", data)

    plan = Plan.objects.select_related("issuer").filter(issuer__code="42", parent__isnull=True).first()
    assert plan is not None

    def appendix(data: bytes) -> Any:
        """The appendix import's read as the page runs it: a zip is a workbook or a Word file, anything else text."""
        if data.startswith(b"PK\x03\x04"):
            table = table_from_file("phu-luc.xlsx" if b"xl/workbook.xml" in data else "phu-luc.docx", data)
        else:
            table = table_from_text(decoded("phu-luc.txt", data))
        return appendix_preview(actor=coordinator, plan=plan, table=table)

    survey = Survey.objects.select_related("unit").filter(unit=commune).first()
    assert survey is not None

    return {
        "plan.docx": document("docx"),
        "plan.pdf": document("pdf"),
        "plan.txt": document("txt"),
        "plan.html": document("html"),
        "activities": lambda data: import_activities(actor=editor, unit=commune, content=data, dry_run=True),
        "units": lambda data: import_units(actor=coordinator, content=data, dry_run=True),
        "indices": lambda data: import_index_values(actor=coordinator, content=data, dry_run=True),
        "users": lambda data: import_accounts(actor=coordinator, content=data, dry_run=True),
        "appendix": appendix,
        "channels": lambda data: import_channels(actor=coordinator, content=data, dry_run=True),
        "survey.results": lambda data: import_results(actor=editor, survey=survey, content=data, dry_run=True),
        "survey.xlsform": read_xlsform,
        "contest.bank": lambda data: import_bank(actor=coordinator, owner=coordinator.unit, data=data, dry_run=True),
    }
