import os

from django.core.wsgi import get_wsgi_application

from summit.database import limit_request_statements
from summit.request_bodies import ChunkedBodies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
application = ChunkedBodies(get_wsgi_application())
limit_request_statements()
