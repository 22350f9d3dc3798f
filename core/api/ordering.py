"""`?ordering=` by one of a list's declared fields, and always ending on a unique field, so that
page numbers cut a fixed sequence."""

from django.utils.translation import gettext
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """The requested ordering, then the view's lookup field (unique) in the same direction.

    Ordered by a date alone, the articles of one day, or of no known day, come in whatever
    order the plan gives, which may change between two pages: a row could repeat or go missing.
    Following the last requested direction lets one index, `(field, lookup field)`, serve
    both directions.

    One field, named exactly: DRF drops an unknown field and orders as if none were asked for,
    so a misspelt `?ordering=` would answer 200 in another order than the one requested. It is
    refused (400, naming the choices), and the schema lists them as an enum, which generated
    clients turn into a type. Several fields ("a,b") are refused as well: an enum lists single
    values, and the tie-break already makes each single field's order total.
    """

    ordering_description = (
        "Field to order by, `-` first for descending; ties are ordered by the slug (or key) "
        "in the same direction, so pages never overlap."
    )

    def choices(self, view) -> list[str]:
        # Only the fields a view names: DRF's default would be every field of its serializer.
        fields = [f if isinstance(f, str) else f[0] for f in getattr(view, "ordering_fields", None) or ()]
        return [f"{direction}{name}" for name in fields for direction in ("", "-")]

    def get_ordering(self, request, queryset, view):
        asked = request.query_params.get(self.ordering_param, "")
        if not asked:  # empty, as django-filter takes an empty filter: not asked for
            ordering = self.get_default_ordering(view)
        elif asked in (choices := self.choices(view)):
            ordering = [asked]
        else:
            message = gettext("Cannot order by %(asked)s: choose one of %(choices)s.") % {
                "asked": repr(asked),
                "choices": ", ".join(choices),
            }
            raise ValidationError({self.ordering_param: [ErrorDetail(message, code="invalid_choice")]})
        unique = getattr(view, "lookup_field", None)
        if not ordering or unique is None or {term.lstrip("-") for term in ordering} & {unique, "id", "pk"}:
            return ordering
        direction = "-" if ordering[-1].startswith("-") else ""
        return [*ordering, f"{direction}{unique}"]

    def get_schema_operation_parameters(self, view):
        if not (choices := self.choices(view)):
            return []
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "enum": choices}
        return parameters
