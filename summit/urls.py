from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from summit.health import health

# The docs pages' own templates (summit/templates/summit/): their start-up scripts carry the
# response's nonce, and Redoc's fetches nothing from another origin. Redoc's search index runs
# in a worker its script makes from a blob (a blob: URL is only ever made by this origin's code).
swagger_ui = SpectacularSwaggerView.as_view(url_name="schema", template_name="summit/swagger_ui.html")
redoc = csp_update({"worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="schema", template_name="summit/redoc.html")
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include("summit.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", swagger_ui, name="swagger-ui"),
    path("api/redoc/", redoc, name="redoc"),
]

handler400 = "summit.views.bad_request"
handler404 = "summit.views.not_found"
handler500 = "summit.views.server_error"
