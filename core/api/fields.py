"""Serializer building blocks shared by every app's API."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField

from core.api.permissions import is_fact_checker
from core.bilingual import vietnamese_first
from core.text import nfc

# How a field's description begins when only fact-checkers get it: other readers' representations
# leave it out, and the schema lists it among the properties a response may lack
# (core.api.schema.responses_list_every_field).
FACT_CHECKERS_ONLY = "Fact-checkers only."


class TextField(serializers.CharField):
    """Text as stored: NFC-normalised, and refusing what PostgreSQL cannot store."""

    default_error_messages = {
        "nul": _("Text may not contain NUL characters."),
        "surrogate": _("Text is not valid Unicode (it contains a lone surrogate)."),
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if "\x00" in value:
            self.fail("nul")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("surrogate")
        return nfc(value)


# The suffix of a text's Vietnamese twin: a record keeps `name` (English) and `name_vi`.
VIETNAMESE_TWIN = "_vi"

LOCALIZED = (
    "Read in the language `Accept-Language` asks for: the Vietnamese text (`{twin}`) for `vi` where the "
    "record has one, else the English (`{english}`); written in English."
)


def has_vietnamese_twin(model, field: str) -> bool:
    try:
        model._meta.get_field(field + VIETNAMESE_TWIN)
    except FieldDoesNotExist:
        return False
    return True


def localized(obj, field: str) -> str:
    """`obj`'s text `field` in the active language (the API's: core.api.language): its Vietnamese
    twin when the language is Vietnamese and the twin is not empty, else the English text; and the
    twin when the English text is empty (a candidate claim has only the Vietnamese its article gave)."""
    english = getattr(obj, field)
    # The twin is read on the class first: on an instance, a column its query left out would be
    # read by a query of its own.
    if not hasattr(type(obj), field + VIETNAMESE_TWIN):
        return english
    if vietnamese_first():
        return getattr(obj, field + VIETNAMESE_TWIN) or english
    return english or getattr(obj, field + VIETNAMESE_TWIN)


class LocalizedTextField(TextField):
    """A text the record keeps in English and in Vietnamese (`<field>_vi`): read in the request's
    language (`localized`), written as the English text."""

    def get_attribute(self, instance):
        return localized(instance, self.source)


def english_text(field: str) -> serializers.CharField:
    """The English of a localized text, whatever the language asked for (read-only)."""
    return serializers.CharField(
        source=field, read_only=True, help_text=f"`{field}` in English, whatever the language asked for."
    )


class ModelSerializer(serializers.ModelSerializer):
    # Text fields go through `TextField`; a text with a Vietnamese twin is read in the request's
    # language (`LocalizedTextField`). (A comment: a docstring would become every schema's description.)

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_class is TextField and has_vietnamese_twin(model_field.model, field_name):
            note = LOCALIZED.format(twin=field_name + VIETNAMESE_TWIN, english=field_name)
            help_text = field_kwargs.get("help_text")
            field_kwargs["help_text"] = format_lazy("{} {}", help_text, note) if help_text else note
            field_class = LocalizedTextField
        return field_class, field_kwargs


class StrictFieldsMixin:
    # Refuses unknown fields on write, so a typo or a read-only field is not silently dropped.
    # (A comment, not a docstring: the schema would show it as every serializer's description.)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}  # type: ignore[attr-defined]
            unknown = sorted(set(data) - writable)
            if unknown:
                read_only = [n for n in unknown if n in self.fields]  # type: ignore[attr-defined]
                errors = {
                    name: [
                        gettext("This field is read-only.")
                        if name in read_only
                        else gettext("Unknown field.")
                    ]
                    for name in unknown
                }
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


class RefField(serializers.SlugRelatedField):
    """A reference: written as a slug, key or id (the way filters take it), read as
    `{<slug_field>: …, "name": …}` so that a page can show it without another request; the name is
    in the request's language where the record has a Vietnamese twin of it (`localized`).

    The schema documents both sides (see `core.api.schema.RefFieldExtension`).
    """

    def __init__(self, slug_field: str = "slug", display: str = "name", **kwargs):
        self.display = display
        super().__init__(slug_field=slug_field, **kwargs)

    def to_representation(self, obj):
        return {self.slug_field: getattr(obj, self.slug_field), "name": str(localized(obj, self.display))}

    def to_internal_value(self, data):
        if self.slug_field == "id" and not (
            isinstance(data, int) or (isinstance(data, str) and data.isdigit())
        ):
            self.fail("invalid")
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


# A reference's name: a topic's, an event's and a claim's summary come in Vietnamese when asked for.
REF_NAME = "In the language `Accept-Language` asks for where the record has it, else in English."


class SlugRefSerializer(serializers.Serializer):
    """A reference by slug."""

    slug = serializers.CharField()
    name = serializers.CharField(help_text=REF_NAME)


class KeyRefSerializer(serializers.Serializer):
    """A reference to an article by key; `name` is its title."""

    key = serializers.CharField()
    name = serializers.CharField()


class IdRefSerializer(serializers.Serializer):
    """A reference by id; `name` is a short description."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text=REF_NAME)


REF_SERIALIZERS = {"slug": SlugRefSerializer, "key": KeyRefSerializer, "id": IdRefSerializer}


def brief(obj, slug_field: str = "slug", display: str = "name") -> dict | None:
    """The representation `RefField` gives, for hand-built responses."""
    if obj is None:
        return None
    return {slug_field: getattr(obj, slug_field), "name": str(localized(obj, display))}


class FactCheckersOnlyMixin:
    """For a field only fact-checkers read: left out of the representation for anyone else, and
    where no request is at hand (a nested representation built without one). Its `help_text`
    begins with `FACT_CHECKERS_ONLY`."""

    def get_attribute(self, instance):
        request = self.context.get("request")  # type: ignore[attr-defined]
        if request is None or not is_fact_checker(request.user):
            raise SkipField()
        return super().get_attribute(instance)  # type: ignore[misc]
