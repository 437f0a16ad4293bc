from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_safe

from core.models import Milestone, SectorGroup


@require_safe
def root(request):
    """`/` goes to the Lao site unless the visitor chose English before (the language cookie).
    Browsers' Accept-Language is ignored on purpose: most phones here are set to English."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


@require_safe
def home(request):
    return render(request, "core/home.html", {"sector_groups": SectorGroup.objects.all()})


@require_safe
def about(request):
    return render(
        request,
        "core/about.html",
        {
            "milestones": Milestone.objects.all(),
            "sector_groups": SectorGroup.objects.all(),
        },
    )
