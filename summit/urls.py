from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api.views import (
    ArticleStatementsView,
    ClaimViewSet,
    ContradictionViewSet,
    EventViewSet,
    SpeakerViewSet,
    StatementViewSet,
    TopicViewSet,
)
from core.health import health
from sources.api.views import ArticleViewSet, OutletViewSet

router = DefaultRouter()
router.register("outlets", OutletViewSet, basename="outlet")
router.register("articles", ArticleViewSet, basename="article")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("events", EventViewSet, basename="event")
router.register("topics", TopicViewSet, basename="topic")
router.register("claims", ClaimViewSet, basename="claim")
router.register("statements", StatementViewSet, basename="statement")
router.register("contradictions", ContradictionViewSet, basename="contradiction")

api_v1 = [
    path("articles/<slug:key>/statements/", ArticleStatementsView.as_view(), name="article-statements"),
    *router.urls,
]

# The docs pages' own templates (core/templates/core/): their start-up scripts carry the
# response's nonce, and Redoc's fetches nothing from another origin. Redoc's search index runs
# in a worker its script makes from a blob (a blob: URL is only ever made by this origin's code).
swagger_ui = SpectacularSwaggerView.as_view(url_name="schema", template_name="core/swagger_ui.html")
redoc = csp_update({"worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html")
)

# The reference page for readers: its script is bundled by `make install` (clients/typescript/).
reference = TemplateView.as_view(template_name="core/reference.html")

urlpatterns = [
    path("", reference, name="reference"),
    path("admin/", admin.site.urls),
    # The admin's language switcher posts to set_language, which keeps the choice in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", swagger_ui, name="swagger-ui"),
    path("api/redoc/", redoc, name="redoc"),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
