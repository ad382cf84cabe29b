"""Vietnamese phone numbers as participants type them."""

import re


def digits(raw: str) -> str:
    """A Vietnamese phone number as its ten digits (0xxxxxxxxx), "" when it is not one."""
    found = re.sub(r"[\s.\-()]", "", raw or "")
    if found.startswith("+84"):
        found = "0" + found[3:]
    elif found.startswith("84") and len(found) == 11:
        found = "0" + found[2:]
    return found if re.fullmatch(r"0\d{9}", found) else ""
