"""`/health/`: whether this process can serve, for load balancers and orchestrators.

200 when the database answers and every migration of the code is applied; otherwise 503, so
that during a deployment a process whose schema is not there yet gets no traffic. Not part of
the API: it is neither throttled nor counted, and needs no authentication.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "migrations": f"{pending} to apply"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
