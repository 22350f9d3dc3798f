"""Django's PostgreSQL backend, refusing requests at once while the pool finds no database (see `base`)."""
