"""`?ordering=` that always ends on a unique field, so that page numbers cut a fixed sequence."""

from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """The requested ordering, then the view's lookup field (unique) in the same direction.

    Ordered by a date alone, the articles of one day, or of no known day, come in whatever
    order the plan gives, which may change between two pages: a row could repeat or go missing.
    Following the last requested direction lets one index, `(field, lookup field)`, serve
    both directions.
    """

    ordering_description = (
        "Field to order by, `-` first for descending; ties are ordered by the slug (or key) "
        "in the same direction, so pages never overlap."
    )

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        unique = getattr(view, "lookup_field", None)
        if not ordering or unique is None or {term.lstrip("-") for term in ordering} & {unique, "id", "pk"}:
            return ordering
        direction = "-" if ordering[-1].startswith("-") else ""
        return [*ordering, f"{direction}{unique}"]
