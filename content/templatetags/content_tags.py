"""Content on pages of other apps: `{% load content_tags %}{% latest_news 3 %}{% upcoming_events 3 %}`
(the home page). What each shows respects the viewer, like the content pages themselves."""

from django import template

from content import selectors
from directory.visibility import viewer_for

register = template.Library()


def _viewer(context):
    request = context.get("request")
    return viewer_for(getattr(request, "user", None))


@register.inclusion_tag("content/_latest_news.html", takes_context=True)
def latest_news(context, count: int = 3):
    return {"news": selectors.latest_news(_viewer(context), limit=count)}


@register.inclusion_tag("content/_upcoming_events.html", takes_context=True)
def upcoming_events(context, count: int = 3):
    return {"events": selectors.upcoming_events(_viewer(context), limit=count)}
