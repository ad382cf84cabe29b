"""Matrix rows for contests (issue 21)."""

CONTEST_CASES: list = []
