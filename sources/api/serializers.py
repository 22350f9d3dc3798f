from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from core.api.fields import ModelSerializer, RefField, StrictFieldsMixin
from sources.models import Article, Outlet
from sources.services.ingest import ArticleExists, ArticleInput, IngestError, create_article


class OutletSerializer(StrictFieldsMixin, ModelSerializer):
    """A newspaper, agency, broadcaster or government channel."""

    class Meta:
        model = Outlet
        fields = ["slug", "name", "kind", "country", "url", "wikidata_id"]


class ArticleSerializer(StrictFieldsMixin, ModelSerializer):
    """A published text, without its body."""

    outlet = RefField(queryset=Outlet.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Article
        fields = [
            "key", "title", "outlet", "published_on", "language", "byline", "url", "content_hash",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["content_hash", "created_at", "updated_at"]


class ArticleDetailSerializer(ArticleSerializer):
    """A published text with its body; statement spans point into `body`."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]
        extra_kwargs = {"title": {"required": False}}

    def validate(self, attrs):
        instance = self.instance
        body = attrs.get("body")
        if (
            instance is not None
            and body is not None
            and body != instance.body
            and instance.statements.exists()
        ):
            raise serializers.ValidationError(
                {
                    "body": gettext(
                        "The text cannot change: statements point into it. Ingest the new text under a new key."
                    )
                }
            )
        return attrs

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is None:
            # A key already taken is a 409 from the service (`create_article`), not a 400.
            key = fields["key"]
            key.validators = [v for v in key.validators if not isinstance(v, UniqueValidator)]
        return fields

    def create(self, validated_data):
        outlet = validated_data.pop("outlet", None)
        metadata = {name: validated_data.pop(name) for name in ("published_on", "byline", "url", "language")
                    if name in validated_data}  # fmt: skip
        metadata["outlet"] = outlet.slug if outlet else None
        item = ArticleInput(
            key=validated_data["key"], body=validated_data["body"],
            title=validated_data.get("title", ""), metadata=metadata,
        )  # fmt: skip
        try:
            return create_article(item=item)
        except ArticleExists:
            raise
        except (IngestError, DjangoValidationError) as exc:
            raise serializers.ValidationError({"body": [str(exc)]}) from exc
