"""Matrix rows for column (issue 21)."""

COLUMN_CASES: list = []
