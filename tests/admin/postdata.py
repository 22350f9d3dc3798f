"""The POST data an admin change page would send back unchanged, to edit before posting."""

from __future__ import annotations

import datetime


def _value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def change_form_data(response) -> dict:
    """The main form's and every inline's current values, management forms included."""
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data[name] = _value(form[name].value())
    for inline in response.context.get("inline_admin_formsets", []):  # none on a history page
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = _value(formset.management_form[name].value())
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is False:  # an unticked checkbox (DELETE) is not sent
                    continue
                data[sub.add_prefix(name)] = _value(value)
    return data


def add_inline_row(data: dict, prefix: str, **values) -> dict:
    """Append one new row to the inline whose formset prefix is `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = _value(value)
    return data
