"""What a test needs from the machine or the checkout's surroundings. Missing is a failure under CI, which installs
everything (so a forgotten install step shows as red, never as a quiet skip), and a skip elsewhere that says how to
get it."""

import os
import shutil

import pytest


def need(present: bool, what: str, how: str) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {what} is required ({how})")
    pytest.skip(f"{what} is missing ({how})")


def need_program(name: str, package: str) -> str:
    """The path of a Debian program (searched in the system directories too)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    need(found is not None, name, f"apt-get install --no-install-recommends {package}")
    assert found is not None
    return found
