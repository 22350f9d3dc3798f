"""The database router: reads of a request to a caught-up replica, everything else to the primary.

A request reads from the primary when it writes, is the admin's, comes from a client that wrote
recently (`recent_writes`), or when no replica is caught up; reads inside a transaction do too.
Sessions, API tokens and login records are always read from the primary: they change at a
login, and the request after it must find them. Migrations run on the primary only.
"""

from __future__ import annotations

from django.db import connections

from core.replicas import monitor, routing

# Read where they were just written: a login's session, a new token, a lockout, a write's mark.
PRIMARY_APPS = {"sessions", "authtoken", "axes"}
PRIMARY_MODELS = {"summit.recentwrite"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        route = routing.current()
        if (
            route is None
            or route.primary
            or model._meta.app_label in PRIMARY_APPS
            or model._meta.label_lower in PRIMARY_MODELS
            or connections[routing.PRIMARY].in_atomic_block
        ):
            return routing.PRIMARY
        if route.replica is None:
            # One replica for the whole request, so that its reads agree with each other.
            route.replica = monitor.monitor.pick()
            if route.replica is None:
                route.primary = True
                return routing.PRIMARY
        return route.replica

    def db_for_write(self, model, **hints):
        return routing.PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == routing.PRIMARY
