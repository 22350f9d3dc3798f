from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Article, Outlet


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "key", "outlet", "published_on", "language"]
    list_filter = ["outlet", "language", "published_on"]
    search_fields = ["title", "key"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["outlet"]
