"""The requests the benchmark times: each main endpoint with a rotating set of parameters.

Parameters are read from the corpus in a fixed way (evenly spaced ids), so two runs on one
corpus time the same requests. Rotating them keeps a run from timing one hot row only. The
requests are anonymous: claims and speakers are drawn from what the public sees.
"""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min, QuerySet

from claims.models import Contradiction, Topic
from claims.selectors import visible_claims, visible_speakers
from core.text import fold

V1 = "/api/v1"
VARIANTS = 20

# Searches a reader would type: common words (with and without diacritics), a rare place,
# a phrase; a speaker's name is added from the corpus.
SEARCHES = ("dam phan", "hiệp ước", "Vladivostok", "lenh ngung ban")


def _spread(rows: QuerySet, field: str, count: int = VARIANTS) -> list:
    """`field` of `rows` at `count` evenly spaced ids, from the first row to the last."""
    bounds = rows.aggregate(low=Min("id"), high=Max("id"))
    low, high = bounds["low"], bounds["high"]
    if low is None:
        raise ValueError(f"the corpus has no {rows.model._meta.verbose_name_plural}")
    values = []
    for i in range(count):
        target = low + i * (high - low) // max(1, count - 1)
        value = rows.filter(id__gte=target).order_by("id").values_list(field, flat=True).first()
        if value not in values:
            values.append(value)
    return values


def cursor_at(position: int) -> str:
    """The cursor DRF's CursorPagination gives for the page after `position` (ordering -id)."""
    return b64encode(urlencode({"p": str(position)}).encode()).decode()


def endpoints() -> dict[str, list[str]]:
    """Endpoint name -> the paths to request in turn."""
    public = AnonymousUser()
    speakers = _spread(visible_speakers(public), "slug")
    topics = _spread(Topic.objects.all(), "slug")
    claims = _spread(visible_claims(public), "id")
    names = _spread(visible_speakers(public), "name", 3)
    last = claims[-1]
    # Deep pages: the last tenth of the table in id order (cursors walk newest first).
    deep = [last // 10 - i * max(1, last // 200) for i in range(VARIANTS)]
    searches = [*SEARCHES, fold(names[-1])]
    # The first page, and pages that start at evenly spaced contradictions (cursors, newest first).
    contradictions = [None, *_spread(Contradiction.objects.all(), "id", 5)[1:]]
    return {
        "claims_list": [f"{V1}/claims/"],
        "claims_by_speaker": [f"{V1}/claims/?speaker={slug}" for slug in speakers],
        "claims_by_topic": [f"{V1}/claims/?topic={slug}" for slug in topics],
        "claims_search": [f"{V1}/claims/?{urlencode({'q': q})}" for q in searches],
        "claim_detail": [f"{V1}/claims/{pk}/" for pk in claims],
        "claim_attribution": [f"{V1}/claims/{pk}/attribution/" for pk in claims],
        "contradictions_list": [
            f"{V1}/contradictions/" + ("" if pk is None else f"?cursor={cursor_at(pk)}")
            for pk in contradictions
        ],
        "statements_list": [f"{V1}/statements/"],
        "statements_by_speaker": [f"{V1}/statements/?speaker={slug}" for slug in speakers],
        "articles_list": [f"{V1}/articles/", f"{V1}/articles/?ordering=-published_on"],
        "speakers_list": [f"{V1}/speakers/", f"{V1}/speakers/?ordering=-name"],
        "claims_deep_cursor": [f"{V1}/claims/?cursor={cursor_at(max(1, p))}" for p in deep],
    }
