"""A report as plain JSON for the CLI and the API."""

from typing import Any

from .selectors import ReportState


def draft_json(state: ReportState) -> dict[str, Any]:
    figures = state.figures
    return {
        "unit": state.unit.code,
        "period": state.period.id,
        "label": state.period.label,
        "status": state.status,
        "version": state.report.version if state.report else 0,
        "window": figures["window"],
        "deadline": state.terms.deadline.isoformat(),
        "recipient": state.terms.recipient.code if state.terms.recipient else None,
        "regime": state.terms.regime_name,
        "totals": figures["totals"],
        "by_channel": figures["by_channel"],
        "by_area": figures["by_area"],
        "tasks": figures["tasks"],
        "documents": figures["documents"],
        "sections": state.sections,
        "annex": state.annex,
    }
