from django import template

from reports.charts import number, swatch

register = template.Library()


@register.filter
def figure(value):
    """A figure with thousands separators, in whole units; "—" when unknown."""
    return number(value)


@register.filter
def legend_swatch(colour):
    return swatch(colour)
