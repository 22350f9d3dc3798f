"""Opens each request's read route, answers from the primary when a replica fails mid-request,
and marks a client that wrote (`recent_writes`). Does nothing without replicas."""

from __future__ import annotations

from django.db import connections

from core.replicas import monitor, recent_writes, routing

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def reads_from_replica(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith("/admin/")
        and not recent_writes.wrote_recently(request)
    )


def failed(alias: str) -> bool:
    """Whether replica `alias`'s connection is gone (a request that found the database
    unreachable may have lost the primary instead, which this tells apart)."""
    connection = connections[alias]
    if connection.is_usable():
        return False
    connection.close()
    return True


class ReadRoutingMiddleware:
    """Before DatabaseOutageMiddleware: a replica that stops answering during a read costs the
    client nothing, as the read is answered again from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not routing.replica_aliases():
            return self.get_response(request)
        monitor.monitor.watch()
        with routing.routed(routing.Route(primary=not reads_from_replica(request))) as route:
            response = self.get_response(request)
            if response.status_code == 503 and route.replica is not None and failed(route.replica):
                monitor.monitor.mark_down(route.replica)
                routing.read_from_primary()
                response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            recent_writes.remember(request, response)
        return response
