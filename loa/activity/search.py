"""Full-text search over activities, diacritics and case ignored, on SQLite and PostgreSQL alike.

Both databases index the same stored column, `Activity.search_text` (title and description folded:
"Tuyên truyền trên Zalo" → "tuyen truyen tren zalo"), and both match every query word as a word
prefix, so "tuyen truyen zalo" and "Tuyên truyền Zalo" give the same results everywhere:
- SQLite: an FTS5 table with external content (`activity_search`) kept in step by triggers;
- PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`, queried with `word:*` prefixes.
`ensure_search_index` (run after every `migrate`) creates whatever is missing and rebuilds the
SQLite index when its triggers were lost, which happens when a migration rebuilds the table.
"""

import re
from typing import Any

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Case, IntegerField, QuerySet, Value, When
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
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS activity_search_tsv ON "
                f"{TABLE} USING gin (to_tsvector('simple', search_text))"
            )


def ensure_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """post_migrate receiver: every `migrate` (and every test database) gets the index."""
    ensure_search_index(connections[using])


def query_words(query: str) -> list[str]:
    """The folded words of a query that the index can match (letters and digits only)."""
    words: list[str] = []
    for term in search_terms(query):
        words += [w for w in _WORD.findall(term) if w not in words]
    return words[:12]


def match(qs: QuerySet[Activity], query: str) -> QuerySet[Activity]:
    """Activities whose title or description has every word of the query (as a word prefix),
    best first: text that opens with the phrase (the title does), then the phrase anywhere, then
    the newest."""
    words = query_words(query)
    if not words:
        return qs
    column = f'"{TABLE}"."search_text"'
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f"to_tsvector('simple', {column}) @@ to_tsquery('simple', %s)",
            [" & ".join(f"{w}:*" for w in words)],
            output_field=BooleanField(),
        )
        qs = qs.filter(condition)
    else:
        fts = " AND ".join(f'"{w}"*' for w in words)
        qs = qs.filter(pk__in=RawSQL("SELECT rowid FROM activity_search WHERE activity_search MATCH %s", [fts]))
    phrase = " ".join(words)
    return qs.annotate(
        relevance=Case(
            When(search_text__startswith=phrase, then=Value(3)),
            When(search_text__contains=f" {phrase}", then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("-relevance", "-date", "-pk")
