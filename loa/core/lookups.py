"""`startswith` is case-exact on SQLite too, as it is on PostgreSQL and as Django documents it.

The unit tree is a materialised path ("42/42.SNV/") and a subtree is a `startswith` on it (org.tree): the scoping layer
and every roll-up rely on it. SQLite's LIKE ignores ASCII case, so a user of "42/x/" would have reached "42/X/".
On SQLite the lookup is written with GLOB, which is case-sensitive (and can use the column's index, which LIKE
cannot with its default case folding); every other database keeps Django's LIKE. Registered on every text field
in CoreConfig.ready(), so no `startswith` anywhere can forget it.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, TextField
from django.db.models.lookups import StartsWith
from django.db.models.sql.compiler import SQLCompiler

_GLOB_SPECIAL = "*?["


def glob_escape(value: str) -> str:
    """A literal for GLOB: its wildcards `*`, `?` and `[` each become a one-character class (`[*]`)."""
    return "".join(f"[{ch}]" if ch in _GLOB_SPECIAL else ch for ch in value)


class CaseExactStartsWith(StartsWith):
    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> tuple[str, Any]:
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        if self.rhs_is_direct_value() and not self.bilateral_transforms:
            return f"{lhs_sql} GLOB %s", (*lhs_params, glob_escape(str(self.rhs)) + "*")
        # A prefix from another column or expression: compare the leading characters exactly.
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return (
            f"substr({lhs_sql}, 1, length({rhs_sql})) = {rhs_sql}",
            (*lhs_params, *rhs_params, *rhs_params),
        )


def register() -> None:
    CharField.register_lookup(CaseExactStartsWith)
    TextField.register_lookup(CaseExactStartsWith)
