"""The fact-checkers' admin: every model, the review workflow, and each record's history.

Split by area; importing the modules registers their admins.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from claims.admin import articles, catalogue, claims, contradictions, statements, suggestions  # noqa: F401

admin.site.site_header = _("Summit fact-checking")
admin.site.site_title = _("Summit admin")
admin.site.index_title = _("Claims, sources and their review")
admin.site.site_url = "/"  # the reference page readers see (summit/urls.py)
