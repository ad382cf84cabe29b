"""The permission matrix's vocabulary: personas, expected-status tables, the case record."""

from dataclasses import dataclass
from typing import Any

ANON = "anon"
PERSONAS = ["anon", "admin", "coordinator", "leader", "editor", "viewer", "neighbour", "foreign"]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    return {p: overrides.get(p, default) for p in PERSONAS}


@dataclass
class Case:
    route: str  # URL name, or "API METHOD /path" as in the OpenAPI document
    method: str
    url: Any  # callable(world, target) -> str; target is "own" (the editor's commune) or "foreign"
    expect: dict[str, dict[str, int]]  # target -> persona -> status
    body: Any = None
    leak_marker: Any = None  # callable(world) -> text that must appear only where the persona may VIEW
    targets: tuple[str, ...] = ("own", "foreign")
    fmt: str = "form"


def unit_of(world, target):
    return world.commune if target == "own" else world.foreign_commune


SIGNED_IN = statuses(200, anon=302)
API_SIGNED_IN = statuses(200, anon=401)
# Managing units of the editor's commune: the province coordinator and the admin only.
MANAGE_OWN = statuses(404, anon=302, admin=200, coordinator=200)
MANAGE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
API_MANAGE_OWN = statuses(404, anon=401, admin=200, coordinator=200)
API_MANAGE_FOREIGN = statuses(404, anon=401, admin=200, foreign=200)
# Reading unit-owned data (members): the commune's own people, its province coordinator, the admin.
VIEW_OWN = statuses(404, anon=401, admin=200, coordinator=200, leader=200, editor=200, viewer=200)
VIEW_FOREIGN = statuses(404, anon=401, admin=200, foreign=200)
COORD_ONLY = statuses(403, anon=302, admin=200, coordinator=200, foreign=200)


def members_marker(world, target):
    """A member's name: shown on a unit page only to those who may read that unit's data."""
    return world.users["editor" if target == "own" else "foreign_editor"].full_name


# Reading a unit's own data and documents: its own people, its province coordinator, the admin.
READ_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=200)
READ_PROVINCE = statuses(200, anon=302, foreign=404)
READ_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
DRAFTERS_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=403)
ACT_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
# Who implements the province's plan is the province's business: its coordinator and the admin.
STATUS_PROVINCE = statuses(403, anon=302, admin=200, coordinator=200, foreign=404)
LEADER_OWN = statuses(404, anon=302, admin=200, leader=200, coordinator=403, editor=403, viewer=403)


def api_statuses(expect):
    return {p: (401 if p == ANON else s) for p, s in expect.items()}
