"""Full-text search over activities, diacritics and case ignored, on SQLite and PostgreSQL alike.

Both databases index the same stored column, `Activity.search_text` (title and description folded:
"Tuyên truyền trên Zalo" → "tuyen truyen tren zalo"), and both match every query word as a whole
word, the last one also as a prefix (the officer may still be typing), so "tuyen truyen zalo" and
"Tuyên truyền Zalo" give the same results everywhere:
- SQLite: an FTS5 table with external content (`activity_search`) kept in step by triggers;
- PostgreSQL: a stored generated column `search_tsv = to_tsvector('simple', search_text)` with a GIN
  index, queried with `to_tsquery` (`word & word & last:*`).
`ensure_search_index` (run after every `migrate`) creates whatever is missing and rebuilds the
SQLite index when its triggers were lost, which happens when a migration rebuilds the table.
"""

import re
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Case, F, IntegerField, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL

from loa.core.text import search_terms

from .models import Activity

TABLE = Activity._meta.db_table
_WORD = re.compile(r"[a-z0-9]+")

_SQLITE_TRIGGERS = {
    "activity_search_ai": f"""AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO activity_search(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "activity_search_ad": f"""AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO activity_search(activity_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END""",
    "activity_search_au": f"""AFTER UPDATE OF search_text ON {TABLE} BEGIN
        INSERT INTO activity_search(activity_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO activity_search(rowid, search_text) VALUES (new.id, new.search_text); END""",
}


def ensure_search_index(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS activity_search USING fts5("
                f"search_text, content='{TABLE}', content_rowid='id')"
            )
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            present = {name for (name,) in cursor.fetchall()}
            missing = [name for name in _SQLITE_TRIGGERS if name not in present]
            for name in missing:
                cursor.execute(f"CREATE TRIGGER {name} {_SQLITE_TRIGGERS[name]}")
            if missing:
                cursor.execute("INSERT INTO activity_search(activity_search) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            # A stored, generated tsvector: computed once per write, so neither the index scan nor a
            # filtered scan of the id index recomputes it per row. Django does not know the column.
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_tsv tsvector "
                "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
            )
            cursor.execute("DROP INDEX IF EXISTS activity_search_tsv")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS activity_search_gin ON {TABLE} USING gin (search_tsv)")


def ensure_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """post_migrate receiver: every `migrate` (and every test database) gets the index, once the activity table
    exists (`loa migrate contenttypes` alone migrates no activity)."""
    conn = connections[using]
    if TABLE in conn.introspection.table_names():
        ensure_search_index(conn)


def query_words(query: str) -> list[str]:
    """The folded words of a query that the index can match (letters and digits only)."""
    words: list[str] = []
    for term in search_terms(query):
        words += [w for w in _WORD.findall(term) if w not in words]
    return words[:12]


def _fts_query(words: list[str]) -> str:
    """Every word must appear; the last one may be unfinished (the officer is still typing)."""
    return " AND ".join(f'"{w}"' for w in words[:-1]) + (" AND " if len(words) > 1 else "") + f'"{words[-1]}"*'


def _ts_query(words: list[str]) -> str:
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def match(qs: QuerySet[Activity], query: str) -> QuerySet[Activity]:
    """Activities whose title or description has every word of the query, newest entries first.

    Ordered by id (the index's own order), so a common word over a million rows still answers
    from the first page of the index instead of sorting every match by date.
    """
    words = query_words(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f'"{TABLE}"."search_tsv" @@ to_tsquery(\'simple\', %s)',
            [_ts_query(words)],
            output_field=BooleanField(),
        )
        qs = qs.filter(condition)
    else:
        qs = qs.filter(
            pk__in=RawSQL("SELECT rowid FROM activity_search WHERE activity_search MATCH %s", [_fts_query(words)])
        )
    return qs.order_by("-pk")


# How many of the newest rows in scope the search box reads before asking the full index (PostgreSQL).
RECENT_WINDOW = 5000


def newest_matches(qs: QuerySet[Activity], query: str, window: int, *, recent_rows: int | None = None) -> list[int]:
    """Ids of the newest `window` matches.

    On PostgreSQL, words common to a tenth of a million rows make the GIN index intersect long
    posting lists (about 150 ms at 1 M rows) only to keep the newest few. The newest
    `RECENT_WINDOW` rows in scope are read first instead: when they hold `window` matches, those
    are exactly the newest matches overall; otherwise the matches are rare and the index is cheap.
    """
    words = query_words(query)
    if connection.vendor == "postgresql" and words:
        recent = (
            qs.order_by("-pk")
            .annotate(tsv=RawSQL(f'"{TABLE}"."search_tsv"', [], output_field=TextField()))
            .values("pk", "tsv")[: recent_rows or RECENT_WINDOW]
        )
        sql, params = recent.query.sql_with_params()
        # The LIMIT inside FROM keeps the planner from turning this back into a GIN scan.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT recent.pk FROM ({sql}) recent WHERE recent.tsv @@ to_tsquery('simple', %s) "
                "ORDER BY recent.pk DESC LIMIT %s",
                [*params, _ts_query(words), window],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == window:
            return ids
        # Few matches among the newest rows: ask the index and sort what it finds. Ordering by a bare
        # `id` would let the planner walk the primary key backwards through every row instead.
        newest_first = (F("pk") + 0).desc()
        return list(match(qs, query).order_by(newest_first).values_list("pk", flat=True)[:window])
    return list(match(qs, query).values_list("pk", flat=True)[:window])


def ranked(qs: QuerySet[Activity], query: str, *, limit: int = 20, window: int = 200) -> list[Activity]:
    """The best `limit` matches among the newest `window`: text that opens with the phrase (the
    title does), then the phrase anywhere, then all words in any order; newer first within each."""
    phrase = " ".join(query_words(query))
    if not phrase:
        return []
    ids = newest_matches(qs, query, window)
    if not ids:
        return []
    return list(
        Activity.objects.filter(pk__in=ids)
        .select_related("unit")
        .annotate(
            relevance=Case(
                When(search_text__startswith=phrase, then=Value(3)),
                When(search_text__contains=f" {phrase}", then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-relevance", "-date", "-pk")[:limit]
    )


# A word search in the activity list counts its matches up to here ("hơn 500 hoạt động"): ten pages,
# beyond which an officer narrows the filters rather than pages on.
COUNT_CAP = 500


class MatchPaginator(Paginator):  # type: ignore[type-arg]  # (Page stubs are generic, Django's are not)
    """Pages of a word search, newest first, whose count stops at COUNT_CAP.

    Every page comes from one `newest_matches` call, so a list filtered by common words costs what
    the search box costs instead of counting a hundred thousand matches. `base` is the filtered
    queryset without the words; `object_list` is what rows are read from (with their details).
    """

    def __init__(self, object_list: QuerySet[Activity], per_page: int, *, base: QuerySet[Activity], query: str):
        super().__init__(object_list, per_page)
        self.rows, self.base, self.query = object_list, base, query

    @cached_property
    def ids(self) -> list[int]:
        return newest_matches(self.base, self.query, COUNT_CAP + 1, recent_rows=20 * COUNT_CAP)

    @cached_property
    def count(self) -> int:
        return min(len(self.ids), COUNT_CAP)

    @property
    def capped(self) -> bool:
        return len(self.ids) > COUNT_CAP

    def page(self, number: int | str) -> Page:  # type: ignore[type-arg]  # (as above)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.ids[bottom : bottom + self.per_page]
        rows = list(self.rows.filter(pk__in=ids).order_by("-pk"))
        return Page(rows, number, self)
