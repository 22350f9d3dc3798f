from django.urls import path
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

urlpatterns = [
    path("articles/<slug:key>/statements/", ArticleStatementsView.as_view(), name="article-statements"),
    *router.urls,
]
