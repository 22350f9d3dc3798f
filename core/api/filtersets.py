"""The base of the API's filter sets: django-filter's, with date ranges checked, and a boolean
filter that refuses what is not a boolean."""

from functools import cache

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

TRUE = ("true", "True", "1")
FALSE = ("false", "False", "0")


class StrictBooleanField(forms.NullBooleanField):
    """`true`/`false` (or `1`/`0`); empty is not given. django-filter's select read any other value
    as not given, so `?has_contradictions=x` answered the whole list."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Must be true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in TRUE or value is True:
            return True
        if value in FALSE or value is False:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class FilterSet(filters.FilterSet):
    # Filters bounding one range, (start, end): a range ending before it starts is a 400 naming
    # its end. It matches nothing, but PostgreSQL cannot tell and walks the whole list to find none.
    ranges: tuple[tuple[str, str], ...] = ()

    @classmethod
    @cache
    def form_class(cls):
        return super().get_form_class(cls())

    def get_form_class(self):
        # Made once per filter set: no filter here depends on the request, and each form copies
        # its class's fields, so requests share no state through it.
        return self.form_class()

    def is_valid(self):
        if not self.data:  # a request naming no filter: nothing to validate, no form to build
            return self.is_bound
        if not super().is_valid():
            return False
        for start, end in self.ranges:
            low, high = self.form.cleaned_data.get(start), self.form.cleaned_data.get(end)
            if low is not None and high is not None and low > high:
                message = gettext("Must not be earlier than %(start)s.")
                self.form.add_error(
                    end, ValidationError(message, code="before_start", params={"start": start})
                )
        return self.form.is_valid()

    @property
    def qs(self):
        if not self.data:  # nothing to filter by
            return self.queryset.all()
        return super().qs
