"""Conditional requests: ETag on details, 304 for If-None-Match, 412 for a stale If-Match.

The ETag is a hash of the representation and of its language, so it changes whenever anything a
client sees changes (including nested rows that have no `updated_at` of their own), and a
representation in Vietnamese never answers a tag read in English (core.api.language): If-Match
compares with the tag of the language the write asks for.
"""

import hashlib

from django.db import connection, transaction
from django.utils.translation import get_language
from rest_framework import status
from rest_framework.response import Response

from core.api.errors import PreconditionFailed
from core.api.renderers import encode


def etag_for(data) -> str:
    # Encoded as the response is: a representation built from rows (datetimes as values) and
    # one from a serializer (as strings) have the same tag.
    digest = hashlib.sha256(f"{get_language()}\n".encode())
    digest.update(encode(data, sort_keys=True))
    return '"' + digest.hexdigest()[:32] + '"'


def _matches(header: str, etag: str, *, weak: bool) -> bool:
    """Whether `header` names `etag`. If-None-Match compares weakly (a `W/` tag names its
    strong twin); If-Match strongly, as RFC 9110 asks: a weak tag never passes it."""
    tags = {t.strip() for t in header.split(",")}
    if weak:
        tags = {t.removeprefix("W/") for t in tags}
    return "*" in tags or etag in tags


class ConditionalMixin:
    """For viewsets: ETag on retrieve/update, If-None-Match on reads, If-Match on writes."""

    # Actions that POST a change to the object they are routed to (`.../review/`): If-Match
    # guards them as it guards PUT, PATCH and DELETE.
    conditional_actions: tuple[str, ...] = ()

    def is_conditional_write(self) -> bool:
        method = self.request.method  # type: ignore[attr-defined]
        return method in ("PUT", "PATCH", "DELETE") or (
            method == "POST" and getattr(self, "action", None) in self.conditional_actions
        )

    def representation_etag(self, instance) -> str:
        return etag_for(self.get_serializer(instance).data)  # type: ignore[attr-defined]

    def detail_data(self):
        """The representation a GET of the detail answers (a view may build it without a model)."""
        return self.get_serializer(self.get_object()).data  # type: ignore[attr-defined]

    def retrieve(self, request, *args, **kwargs):
        data = self.detail_data()
        etag = etag_for(data)
        if _matches(request.headers.get("If-None-Match", ""), etag, weak=True):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def check_if_match(self, request, instance) -> None:
        header = request.headers.get("If-Match")
        if header and not _matches(header, self.representation_etag(instance), weak=False):
            raise PreconditionFailed()

    def get_object(self):
        instance = super().get_object()  # type: ignore[misc]
        # Only inside the write's transaction: OPTIONS builds its form by calling this as if for PUT.
        if self.is_conditional_write() and connection.in_atomic_block:
            # Lock the row until the write commits, then read it again: two writers holding
            # the same ETag cannot both pass the check.
            list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
            instance = super().get_object()  # type: ignore[misc]
            self.check_if_match(self.request, instance)  # type: ignore[attr-defined]
        return instance

    def dispatch(self, request, *args, **kwargs):
        # Writes run in one transaction, so the row lock of get_object() lasts until commit.
        # It commits whatever ran, a refused write's too (DRF rolls back only under
        # ATOMIC_REQUESTS, which is off): a write of several rows is atomic in its service.
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)  # type: ignore[misc]
        if isinstance(response.data, dict):
            response["ETag"] = etag_for(response.data)
        return response
