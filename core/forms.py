from django import forms

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
