"""Matrix rows for contests of entries and judging (issue 21 item 5)."""

ENTRY_CASES: list = []
