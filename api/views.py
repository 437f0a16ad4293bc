from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from api import services
from api.api import SECTION_SLUGS, api
from api.auth import DEFAULT_RATES
from api.common import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from api.docs import schema_docs, sections
from api.forms import TokenForm
from api.models import ApiToken
from core.cache import cache_public_page


def rate_text(name: str) -> str:
    return str(getattr(settings, name, DEFAULT_RATES[name]))


def described(request) -> tuple[dict, list]:
    schema = api.get_openapi_schema()
    return schema, sections(schema, request.build_absolute_uri("/"), SECTION_SLUGS)


@require_safe
@cache_public_page("api-docs")
def docs(request):
    """The API's documentation, from its OpenAPI description, in the page's language: how to use it,
    and the list of operations (each section on its own page, to keep pages light)."""
    _schema, found = described(request)
    return render(
        request,
        "api/docs.html",
        {
            "base": request.build_absolute_uri("/api/v1/"),
            "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "sections": found,
            "rates": {
                "anonymous": rate_text("API_RATE_ANONYMOUS"),
                "token": rate_text("API_RATE_TOKEN"),
                "failed": rate_text("API_RATE_FAILED_TOKENS"),
            },
            "default_limit": DEFAULT_LIMIT,
            "max_limit": MAX_LIMIT,
            "max_offset": MAX_OFFSET,
        },
    )


@require_safe
@cache_public_page("api-docs")
def docs_section(request, slug: str):
    """One section of the API's operations in full: parameters, answers, examples."""
    _schema, found = described(request)
    section = next((section for section in found if section.anchor == slug), None)
    if section is None:
        raise Http404
    return render(
        request, "api/docs_section.html", {"section": section, "schemas_url": reverse("api:docs-schemas")}
    )


@require_safe
@cache_public_page("api-docs")
def docs_schemas(request):
    """The fields of every answer and request body."""
    return render(request, "api/docs_schemas.html", {"schemas": schema_docs(api.get_openapi_schema())})


def tokens_page(request, form, *, new_token: str = "", status: int = 200):
    return render(
        request,
        "api/tokens.html",
        {
            "allowed": True,
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user)[:50],
            "new_token": new_token,
            "max_tokens": services.MAX_USABLE_TOKENS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The signed-in editor's API tokens: create one (shown once, never again), see when each was
    last used, revoke."""
    if not services.may_have_tokens(request.user):
        return render(request, "api/tokens.html", {"allowed": False}, status=403)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(key if key in form.fields else None, problem)
            return tokens_page(request, form, status=422)
        # The token is shown on this answer only (not kept in the session for a redirect).
        return tokens_page(request, TokenForm(), new_token=raw)
    return tokens_page(request, form, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” has been revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")
