"""The base of the API's filter sets: django-filter's, with date ranges checked."""

import django_filters as filters
from django.core.exceptions import ValidationError


class FilterSet(filters.FilterSet):
    # Filters bounding one range, (start, end): a range ending before it starts is a 400 naming
    # its end. It matches nothing, but PostgreSQL cannot tell and walks the whole list to find none.
    ranges: tuple[tuple[str, str], ...] = ()

    def is_valid(self):
        if not super().is_valid():
            return False
        for start, end in self.ranges:
            low, high = self.form.cleaned_data.get(start), self.form.cleaned_data.get(end)
            if low is not None and high is not None and low > high:
                message = "Must not be earlier than %(start)s."
                self.form.add_error(
                    end, ValidationError(message, code="before_start", params={"start": start})
                )
        return self.form.is_valid()
