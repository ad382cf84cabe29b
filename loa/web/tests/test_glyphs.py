"""No missing glyphs: every character Loa's templates, style sheet and scripts show has a font on the machine the
browser tests run on (the "duplicate row" button of the plan editor showed an empty box: U+29C9 is in no font of
a Debian desktop). The browser picks fonts through fontconfig, so fontconfig is asked."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

LOA = Path(__file__).resolve().parents[2]
SHOWN = ("*.html", "*.css", "*.js")


def _shown_characters() -> dict[str, str]:
    """Each non-ASCII character of the templates and Loa's own static files, with one file that uses it."""
    found: dict[str, str] = {}
    for pattern in SHOWN:
        for path in LOA.rglob(pattern):
            if "vendor" in path.parts or "tests" in path.parts:
                continue
            for char in path.read_text(encoding="utf-8"):
                if ord(char) > 0x7F and not char.isspace():
                    found.setdefault(char, str(path.relative_to(LOA)))
    return found


def test_every_character_shown_has_a_font() -> None:
    if shutil.which("fc-list") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("fc-list (fontconfig) is missing: the browser tests' machine has no font configuration")
        pytest.skip("fontconfig is not installed here")
    characters = _shown_characters()
    assert len(characters) > 50  # Vietnamese letters at least: the scan read the templates
    missing = {
        f"U+{ord(char):04X} {char!r} ({where})"
        for char, where in characters.items()
        if not subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
        ).stdout.strip()
    }
    assert not missing, sorted(missing)
