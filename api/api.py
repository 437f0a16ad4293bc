"""API v1 of the Lao CSO Platform (django-ninja), served under /api/v1/ with its OpenAPI description
at /api/v1/openapi.json. The docs page (/<lang>/api/) is rendered from that description.

Every answer that is not a 200 has the same shape, `{"detail": ...}`: a sentence for 400, 401,
403, 404, 409 and 429, a list of problems (where, what, kind) for 422. Each is documented in the
OpenAPI description of the operations that can give it."""

import copy
import math

from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer

from api.auth import AnonymousThrottle, TokenThrottle, optional_token, required_token
from api.routers import content, dashboard, governance, me, organizations, projects, reference

DESCRIPTION = N_(
    "Read the public data of the Lao CSO Platform: member organizations, projects, sector groups, "
    "meetings, events, news, documents, opportunities, dashboard figures and the reference lists. "
    "Organization editors read and write their own projects and fill their reports with a personal API "
    "token."
)
SECURITY_SCHEME = "BearerToken"
RETRY_AFTER = {
    "Retry-After": {
        "description": N_("Seconds to wait before trying again."),
        "schema": {"type": "integer"},
    }
}
ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
RESPONSE_TEXT = {
    "200": N_("OK."),
    "201": N_("Created."),
    "400": N_("The request body is not valid JSON."),
    "401": N_("The token is missing (where one is needed), malformed, unknown, revoked or expired."),
    "403": N_("Your organization may not do this (for example, it is a former member)."),
    "404": N_("No such record, or not one you may see (or write)."),
    "409": N_("The version you sent is stale, or the record can no longer be changed."),
    "422": N_("A parameter or a field is invalid or unknown: detail says which and why."),
    "429": N_("Too many requests: wait for the number of seconds in Retry-After."),
}


class Utf8Renderer(JSONRenderer):
    """Lao text as UTF-8 (3 bytes a letter), not as \\u escapes (6): answers are half the size."""

    json_dumps_params = {"ensure_ascii": False}


class LaoCsoAPI(NinjaAPI):
    """NinjaAPI with the OpenAPI description completed: optional tokens are marked optional, and
    every operation documents 429 (rate limits) and, where a token can be sent, 401."""

    _schemas: dict = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            self._schemas[path_prefix] = complete(dict(schema))
        return copy.deepcopy(self._schemas[path_prefix])

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def create_response(self, request, data, *, status=None, temporal_response=None):
        """Answers depend on the token and the language; one read with a token is nobody else's to
        keep (no shared or browser cache)."""
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        patch_vary_headers(response, ["Authorization", "Accept-Language"])
        principal = getattr(request, "auth", None)
        if request.headers.get("Authorization") or (principal is not None and not principal.is_anonymous):
            response["Cache-Control"] = "private, no-store"
        return response


def complete(schema: dict) -> dict:
    schema["components"].setdefault("schemas", {})
    schema["components"]["securitySchemes"] = {
        SECURITY_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "description": N_("A personal API token, created by an organization editor on the tokens page."),
        }
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
            token_required = operation.get("tags", [""])[0] == me.router.tags[0]
            if token_required:
                operation["security"] = [{SECURITY_SCHEME: []}]
            else:
                # The token is optional: without it the answer holds what the public may see.
                operation["security"] = [{}, {SECURITY_SCHEME: []}]
            responses = {str(status): response for status, response in operation["responses"].items()}
            operation["responses"] = responses
            responses["401"] = {"description": RESPONSE_TEXT["401"], "content": ERROR_REF}
            responses["429"] = {
                "description": RESPONSE_TEXT["429"],
                "content": ERROR_REF,
                "headers": RETRY_AFTER,
            }
            for status, response in responses.items():
                response["description"] = RESPONSE_TEXT.get(str(status), response.get("description", ""))
    return schema


api = LaoCsoAPI(
    title="Lao CSO Platform API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # our own docs page, without scripts (api.views.docs)
    auth=optional_token,
    renderer=Utf8Renderer(),
    throttle=[AnonymousThrottle(), TokenThrottle()],
)


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    """Problems with the request, each with where it is, what is wrong and its kind."""

    def where(loc) -> list:
        loc = [part if isinstance(part, int) else str(part) for part in loc]
        # ninja names a body after the view's argument ("body", "body", field): one is enough.
        return loc[1:] if loc[:2] == ["body", "body"] else loc

    problems = [
        {
            "loc": where(problem.get("loc", [])),
            "msg": str(problem.get("msg", "")),
            "type": str(problem.get("type", "value_error")),
        }
        for problem in error.errors
    ]
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, error: AuthenticationError):
    message = error.message if error.message != "Unauthorized" else _("This needs a valid API token.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def throttled(request, error: Throttled):
    response = api.create_response(
        request, {"detail": _("Too many requests. Wait a little and try again.")}, status=429
    )
    if error.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(error.wait)))
    return response


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    message = error.message
    if error.status_code == 400:
        message = _("The request body could not be read: send valid JSON.")
    return api.create_response(request, {"detail": message}, status=error.status_code)


# (the docs page's address for the section, its router)
SECTIONS = [
    ("organizations", organizations.router),
    ("projects", projects.router),
    ("governance", governance.router),
    ("content", content.router),
    ("dashboard", dashboard.router),
    ("reference", reference.router),
    ("your-organization", me.router),
]
for _slug, router in SECTIONS:
    api.add_router("/reference" if router is reference.router else "/", router)
SECTION_SLUGS = {router.tags[0]: slug for slug, router in SECTIONS}

__all__ = ["api", "required_token"]
