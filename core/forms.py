from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import lao

# Form fields whose input may be typed with Lao digits (໐–໙); they are stored with Arabic digits.
NUMERIC_FIELDS = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
)


class LaoDigitsMixin:
    """Accept Lao digits in number, date and time fields of any form (mix in before the form class)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        names = [name for name, field in self.fields.items() if isinstance(field, NUMERIC_FIELDS)]
        if not names:
            return
        data = self.data.copy()
        for name in names:
            key = self.add_prefix(name)
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                if values:
                    data.setlist(key, [lao.to_arabic_digits(value) for value in values])
            elif isinstance(data.get(key), str):
                data[key] = lao.to_arabic_digits(data[key])
        self.data = data


# Long choice lists (149 districts, 18 provinces as check boxes) rendered through templates cost a
# profile form most of its rendering time: each option became a dictionary, then template markup.
# These widgets write the markup of templates/django/forms/widgets/ in Python (a test compares the
# two), for flat lists of choices; grouped choices still go through the templates.


class QuickChoices:
    """Mixed into a choice widget (before it) that defines `markup(name, choices, chosen, attrs)`:
    a list of HTML pieces, each escaped by format_html. Grouped choices go to the templates."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        parts = self.markup(name, choices, chosen, self.build_attrs(self.attrs, attrs))
        return mark_safe("".join(parts))  # noqa: S308 - every piece went through format_html


class QuickSelect(QuickChoices, forms.Select):
    def markup(self, name, choices, chosen, attrs) -> list:
        parts = [format_html('<select name="{}"', name), _attributes(attrs), ">"]
        selected = False  # as Django's widget: only the first option of the value is selected
        for option, label in choices:
            here = not selected and str(option) in chosen
            selected = selected or here
            selection = " selected" if here else ""
            parts.append(format_html('\n  <option value="{}"{}>{}</option>', option, selection, label))
        return [*parts, "\n</select>"]


class QuickCheckboxSelectMultiple(QuickChoices, forms.CheckboxSelectMultiple):
    def markup(self, name, choices, chosen, attrs) -> list:
        parts = ["<div", format_html(' id="{}"', attrs["id"]) if attrs.get("id") else ""]
        parts += [format_html(' class="{}"', attrs["class"]) if attrs.get("class") else "", ">"]
        for index, (option, label) in enumerate(choices):
            option_attrs = dict(attrs)
            if str(option) in chosen:
                option_attrs["checked"] = True
            if "id" in option_attrs:
                option_attrs["id"] = self.id_for_label(option_attrs["id"], index)
            target = format_html(' for="{}"', option_attrs["id"]) if option_attrs.get("id") else ""
            parts.append(
                format_html(
                    '<div>\n    <label{}><input type="checkbox" name="{}" value="{}"{}> {}</label></div>',
                    target,
                    name,
                    option,
                    _attributes(option_attrs),
                    label,
                )
            )
        return [*parts, "\n</div>"]


def _attributes(attrs: dict) -> str:
    """As templates/django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(  # noqa: S308 - every name and value goes through format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )
