from django.urls import translate_url


def site(request):
    """What the base layout needs on every page: the same page in the other language."""
    return {
        "page_in_lao": translate_url(request.path, "lo"),
        "page_in_english": translate_url(request.path, "en"),
    }
