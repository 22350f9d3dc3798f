import os

from django.core.asgi import get_asgi_application

from summit.database import limit_request_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
application = get_asgi_application()
limit_request_statements()
