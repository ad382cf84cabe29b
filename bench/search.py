"""Search over activities: the page's query (scoped, ranked, first 20) against the bare index lookup."""

import functools
from dataclasses import replace

from django.db import connection

from loa.activity.search import RECENT_WINDOW, TABLE, MatchPaginator, _fts_query, _ts_query, query_words, ranked
from loa.activity.selectors import ActivityFilter, activity_list, visible_activities, with_details
from loa.org.models import User
from loa.org.scope import Actor

from .common import Timing, ensure_activities, measure

# Common words (a tenth of the rows each), one rare word, and a word no row has (the index fallback).
QUERIES = [
    "tuyen truyen zalo",
    "niem yet thu tuc",
    "vneid",
    "hoi nghi doi thoai nguoi dan",
    "de an 06 du lieu",
    "khongcotu",
]


def _floor(query: str) -> None:
    """The bare lookup the search box makes: the newest 20 matching ids, no scope, no ranking, no model
    objects (on PostgreSQL the same newest-rows-first read as `newest_matches`, then the GIN index)."""
    words = query_words(query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM (SELECT id, search_tsv FROM {TABLE} ORDER BY id DESC LIMIT {RECENT_WINDOW}) r "
                "WHERE search_tsv @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT 20",
                [_ts_query(words)],
            )
            if len(cursor.fetchall()) == 20:
                return
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE search_tsv @@ to_tsquery('simple', %s) ORDER BY id + 0 DESC LIMIT 20",
                [_ts_query(words)],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM activity_search WHERE activity_search MATCH %s ORDER BY rowid DESC LIMIT 20",
                [_fts_query(words)],
            )
        cursor.fetchall()


def _list_page(actor: Actor, filters: ActivityFilter) -> None:
    """What the list page does with a word filter: the capped count and the first page of rows."""
    base = activity_list(actor=actor, filters=replace(filters, query=""))
    page = MatchPaginator(with_details(base), 50, base=base, query=filters.query).get_page(1)
    list(page.object_list)


def _search(actor: Actor, query: str) -> None:
    ranked(visible_activities(actor), query)


def run(*, activities: int, repeat: int) -> list[Timing]:
    total = ensure_activities(activities)
    admin = User.objects.filter(role="admin").first()
    actors = [("quốc gia", admin)]
    coordinator = User.objects.filter(role="coordinator").order_by("pk").first()  # the demo province's
    if coordinator is not None:
        actors.append(("một tỉnh", coordinator))
    results = []
    for query in QUERIES:
        floor = measure(functools.partial(_floor, query), repeat)[0]
        for scope, actor in actors:
            p50, p95 = measure(functools.partial(_search, actor, query), repeat)
            results.append(Timing(f"ô tìm kiếm «{query}» ({scope})", p50, p95, floor))
            p50, p95 = measure(functools.partial(_list_page, actor, ActivityFilter(query=query)), repeat)
            results.append(Timing(f"danh sách lọc «{query}» ({scope})", p50, p95, floor))
    print(f"  {total:,} hoạt động trong CSDL ({connection.vendor})".replace(",", "."))
    return results
