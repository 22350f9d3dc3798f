"""`/health/`: whether this process can serve, for load balancers and orchestrators.

200 when the database answers and every migration of the code is applied; otherwise 503 with
Retry-After, so that during a deployment a process whose schema is not there yet gets no
traffic. With read replicas it reports each one's state and lag, checked on the spot, and stays
200 while the primary answers: reads fall back to the primary, so a replica down is no reason to
take the process out of a load balancer. Not part of the API: it is neither throttled nor
counted, and needs no authentication.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.outage import RETRY_AFTER_SECONDS
from core.replicas import routing
from core.replicas.monitor import monitor

# Once every migration is applied it stays so for this process's code: the migration graph
# (read from disk, tens of milliseconds) is not read again.
_migrated = False


def pending_migrations() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


@never_cache
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = pending_migrations()
    except DatabaseError:
        return unavailable({"status": "unavailable", "database": "unreachable"})
    if pending:
        return unavailable({"status": "unavailable", "database": "ok", "migrations": f"{pending} to apply"})
    body = {"status": "ok", "database": "ok", "migrations": "applied"}
    if routing.replica_aliases():
        body["replicas"] = {alias: state.report() for alias, state in monitor.check_all().items()}
    return JsonResponse(body)


def unavailable(body: dict) -> JsonResponse:
    response = JsonResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
