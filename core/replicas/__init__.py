"""Reads from PostgreSQL streaming replicas (`DATABASE_REPLICA_URLS`), writes to the primary.

`router` sends a request's reads to a replica the `monitor` finds caught up, `routing` holds
what was decided for the request in flight, `middleware` decides it (and answers from the
primary when a replica fails mid-request), `recent_writes` keeps a client that just wrote
reading from the primary, and `authentication` reads a token client's mark with its token.
"""
