"""The articles list built from `values()` rows (see `claims.api.reads`): the same JSON as
`ArticleSerializer`, without a model instance and a round of serializer fields per row."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from sources.models import Article
from summit.api.rows import Row, day, ref, when

ARTICLE_FIELDS = (
    "key", "title", "outlet__slug", "outlet__name", "published_on", "language", "byline", "url",
    "content_hash", "created_at", "updated_at",
)  # fmt: skip
ARTICLE_ROWS = Article.objects.values(*ARTICLE_FIELDS)


def article_rows():
    """Every article (without its body) as the rows `articles()` represents, to filter and order."""
    return ARTICLE_ROWS.all()


def articles(rows: Sequence[Row]) -> list[dict]:
    zone = timezone.get_current_timezone()
    return [
        {
            "key": row["key"],
            "title": row["title"],
            "outlet": ref(row["outlet__slug"], row["outlet__name"]),
            "published_on": day(row["published_on"]),
            "language": row["language"],
            "byline": row["byline"],
            "url": row["url"],
            "content_hash": row["content_hash"],
            "created_at": when(row["created_at"], zone),
            "updated_at": when(row["updated_at"], zone),
        }
        for row in rows
    ]
