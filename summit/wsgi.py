import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from summit.database import limit_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
application = get_wsgi_application()
# A request's statements are stopped before gunicorn's 30 s timeout would kill the worker and
# leave its query running (summit/api/errors.py answers 503 `query_timeout`).
limit_statements(settings.DATABASES["default"], settings.REQUEST_STATEMENT_TIMEOUT)
