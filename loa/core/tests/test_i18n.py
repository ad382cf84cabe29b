"""Every user-facing string has an English translation, and the compiled catalog matches its source."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from loa.core.tests.needs import need_program

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def test_english_catalog_is_complete():
    with (LOCALE / "django.po").open("rb") as f:
        catalog = read_po(f)
    untranslated = [
        m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string or ()))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalog_matches_source():
    with (LOCALE / "django.po").open("rb") as f:
        source = {(_ctx(m.context), _key(m.id)): _key(m.string) for m in read_po(f) if m.id}
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = {(_ctx(m.context), _key(m.id)): _key(m.string) for m in read_mo(f) if m.id}
    assert compiled == source, "run `make messages` and commit loa/locale/en/LC_MESSAGES/django.mo"


def test_every_string_in_code_is_in_the_catalog(tmp_path):
    """makemessages over a copy of the code must add nothing new to the catalog."""
    need_program("xgettext", "gettext")
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root, tmp_path / "loa", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "-i",
            "tests/*",
            "-i",
            "*/tests/*",
        ],
        cwd=tmp_path / "loa",
        # The copy is the `loa` imported, so settings.LOCALE_PATHS names the copy's catalog: makemessages
        # writes there, never into the checkout's.
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=True,
        capture_output=True,
    )
    with (tmp_path / "loa" / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as f:
        regenerated = {(_ctx(m.context), _key(m.id)) for m in read_po(f) if m.id}
    with (LOCALE / "django.po").open("rb") as f:
        committed = {(_ctx(m.context), _key(m.id)) for m in read_po(f) if m.id}
    assert regenerated - committed == set(), "strings missing from the catalog: run `make messages`"


def _key(value):
    return value if isinstance(value, str) else tuple(value)


def _ctx(context):
    # babel's .mo reader returns contexts as bytes, its .po reader as str.
    return context.decode() if isinstance(context, bytes) else context


def test_translation_functions_keep_names_makemessages_knows():
    """makemessages finds `_`, `gettext_lazy`, `pgettext_lazy`…, not aliases such as `_l`: strings marked with
    an alias silently stay out of the catalog (the test above cannot see them either)."""
    import re

    root = Path(__file__).resolve().parents[2]
    alias = re.compile(r"import (?:n|p|np)?gettext(?:_lazy|_noop)? as (?!_\b)(\w+)")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py") if alias.search(path.read_text())]
    assert offenders == []
