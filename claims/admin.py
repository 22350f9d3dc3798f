from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import (
    Claim,
    Contradiction,
    Event,
    Speaker,
    SpeakerAlias,
    Statement,
    StatementVia,
    Topic,
    Verdict,
)


class AliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "role", "country", "affiliation"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation", "outlet"]
    inlines = [AliasInline]


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "starts_on", "location"]
    search_fields = ["name", "name_vi", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "name_vi"]
    search_fields = ["name", "name_vi", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["article", "quote", "start", "end", "mode", "status"]
    autocomplete_fields = ["article"]
    show_change_link = True


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["id", "speaker", "topic", "stance", "status", "said_on", "event"]
    list_filter = ["status", "stance", "topic", "event"]
    search_fields = ["summary", "summary_vi", "key", "speaker__name", "topic__name"]
    autocomplete_fields = ["speaker", "topic", "event"]
    readonly_fields = ["created_by", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    list_select_related = ["speaker", "topic", "event"]
    inlines = [StatementInline]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "rating", "textual_rating", "reviewer", "reviewed_on"]
    list_filter = ["rating"]
    autocomplete_fields = ["claim"]


class ViaInline(admin.TabularInline):
    model = StatementVia
    extra = 0
    autocomplete_fields = ["outlet", "speaker"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["id", "__str__", "claim", "article", "mode", "status"]
    list_filter = ["status", "mode", "article"]
    search_fields = ["quote", "claim__summary", "claim__speaker__name"]
    autocomplete_fields = ["claim", "article"]
    readonly_fields = ["created_by", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    list_select_related = ["claim", "article"]
    inlines = [ViaInline]


@admin.register(Contradiction)
class ContradictionAdmin(SimpleHistoryAdmin):
    list_display = ["id", "kind", "status", "claim_a", "claim_b", "detected_by"]
    list_filter = ["kind", "status", "detected_by"]
    search_fields = ["note", "claim_a__summary", "claim_b__summary"]
    autocomplete_fields = ["claim_a", "claim_b", "statement_a", "statement_b"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at", "updated_at"]
