from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.services import user_create
from core.cache import cache_public_page
from core.pagination import CountedPaginator
from directory import services
from directory.exports import export_response
from directory.forms import ApplicationForm, DecisionForm, EditProfileForm, InvitationForm
from directory.models import MembershipApplication, Organization, OrganizationRole, OrganizationVersion
from directory.selectors import DirectoryQuery, directory_summary
from directory.visibility import (
    can_edit_organization,
    can_manage_editors,
    can_view_organization,
    hidden_fields,
    viewer_for,
)
from search.selectors import InHitOrder, list_hits

PAGE_SIZE = 20
LIST_RELATED = ["head_office_province", "primary_sector_group"]


def get_organization_for_user(
    request, slug: str, *, edit: bool = False, manage: bool = False
) -> Organization:
    """Fetch and authorize in one step. An organization the viewer may not see is a 404."""
    organization = get_object_or_404(Organization.objects.select_related(*LIST_RELATED), slug=slug)
    viewer = viewer_for(request.user)
    if not can_view_organization(viewer, organization):
        raise Http404
    if edit and not can_edit_organization(viewer, organization):
        raise PermissionDenied
    if manage and not can_manage_editors(viewer, organization):
        raise PermissionDenied
    return organization


def require_secretariat(request) -> None:
    if not (request.user.is_authenticated and (request.user.is_secretariat or request.user.is_superuser)):
        raise PermissionDenied


def directory_results(request) -> tuple[DirectoryQuery, object]:
    """The organizations the list shows: filtered, searched (ranked, each with its hit) or in the
    viewer's name order."""
    query = DirectoryQuery.from_params(request.GET)
    base = Organization.objects.listed()
    organizations = query.filtered(base).select_related(*LIST_RELATED)
    if query.q:
        hits = list_hits(query.q, kind="organization", visibility_levels=viewer_for(request.user).levels)
        return query, InHitOrder(organizations, hits, filtered=query.has_filters)
    return query, organizations.in_viewer_order(get_language())


@require_safe
@cache_public_page("directory")
def org_list(request):
    query, organizations = directory_results(request)
    total, facets = directory_summary(query, Organization.objects.listed())
    count = len(organizations) if query.q else total  # search hits are counted already
    page = CountedPaginator(organizations, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    for facet in facets:
        facet.link_options(request.GET)
    return render(
        request,
        "directory/org_list.html",
        {
            "query": query,
            "page": page,
            "facets": facets,
            "querystring": params.urlencode(),
        },
    )


@require_safe
def org_export(request, fmt: str):
    _query, organizations = directory_results(request)
    return export_response(request, organizations, fmt=fmt, viewer=viewer_for(request.user))


@require_safe
@cache_public_page("directory")
def org_detail(request, slug: str):
    organization = get_organization_for_user(request, slug)
    viewer = viewer_for(request.user)
    return render(
        request,
        "directory/org_detail.html",
        {
            "org": organization,
            "hidden": hidden_fields(viewer, organization),
            "can_edit": can_edit_organization(viewer, organization),
            "can_manage": can_manage_editors(viewer, organization),
            "provinces": organization.provinces.all().in_viewer_order(),
            "sector_groups": organization.sector_groups.all(),
            "themes": organization.themes.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request, slug: str):
    organization = get_organization_for_user(request, slug, edit=True)
    form = EditProfileForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.profile_data()
        try:
            services.organization_update(
                organization=organization,
                data=data,
                m2m=m2m,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                logo=form.cleaned_data.get("logo_upload"),
            )
        except services.StaleEdit as error:
            messages.error(request, error.messages[0])
            return render(
                request,
                "directory/org_edit.html",
                {"form": form, "org": organization, "stale": True},
                status=409,
            )
        messages.success(request, _("The profile has been saved."))
        return redirect("directory:org-detail", slug=organization.slug)
    return render(request, "directory/org_edit.html", {"form": form, "org": organization})


@login_required
@require_safe
def org_history(request, slug: str):
    organization = get_organization_for_user(request, slug, edit=True)
    versions = organization.versions.select_related("changed_by")
    return render(request, "directory/org_history.html", {"org": organization, "versions": versions})


@login_required
@require_POST
def org_restore(request, slug: str, version: int):
    organization = get_organization_for_user(request, slug, edit=True)
    require_secretariat(request)
    saved = get_object_or_404(OrganizationVersion, organization=organization, version=version)
    services.organization_version_restore(version=saved, by=request.user)
    messages.success(request, _("Version %(version)s has been restored.") % {"version": version})
    return redirect("directory:org-history", slug=organization.slug)


@login_required
@require_http_methods(["GET", "POST"])
def org_editors(request, slug: str):
    organization = get_organization_for_user(request, slug, manage=True)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            role = get_object_or_404(OrganizationRole, organization=organization, pk=remove)
            try:
                services.editor_remove(role=role, by=request.user)
                messages.success(request, _("The editor has been removed."))
            except ValidationError as error:
                messages.error(request, error.messages[0])
            return redirect("directory:org-editors", slug=slug)
        if form.is_valid():
            services.invitation_create(
                organization=organization, email=form.cleaned_data["email"], by=request.user
            )
            messages.success(request, _("The invitation has been sent."))
            return redirect("directory:org-editors", slug=slug)
    return render(
        request,
        "directory/org_editors.html",
        {
            "org": organization,
            "form": form,
            "roles": organization.roles.select_related("user"),
            "invitations": organization.invitations.filter(accepted_at__isnull=True),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(
            request,
            "directory/message.html",
            {
                "title": _("This invitation is not valid"),
                "text": _(
                    "It may have expired or been used already. Ask the organization to invite you again."
                ),
            },
            status=404,
        )
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method == "POST":
        services.invitation_accept(invitation=invitation, user=request.user)
        messages.success(request, _("You are now an editor of this organization."))
        return redirect("directory:org-detail", slug=invitation.organization.slug)
    return render(request, "directory/invitation.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
def apply(request):
    form = ApplicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        if not user.is_authenticated:
            user = user_create(
                email=form.cleaned_data["account_email"],
                password=form.cleaned_data["account_password"],
                full_name=form.cleaned_data["account_name"],
                preferred_language=get_language(),
            )
            login(request, user, backend="accounts.backends.EmailRoleBackend")
        data, m2m = form.profile_data()
        application = services.application_submit(
            applicant=user,
            data=data,
            m2m=m2m,
            contact_name=form.cleaned_data["contact_name"],
            contact_phone=form.cleaned_data["contact_phone"],
            certificate=form.cleaned_data.get("certificate"),
        )
        return redirect("directory:application-sent", pk=application.pk)
    return render(request, "directory/apply.html", {"form": form})


@login_required
@require_safe
def application_sent(request, pk: int):
    application = get_object_or_404(MembershipApplication, pk=pk, applicant=request.user)
    return render(request, "directory/application_sent.html", {"application": application})


@require_safe
def application_verify(request, token: str):
    application = services.application_from_token(token)
    if application is None:
        return render(
            request,
            "directory/message.html",
            {
                "title": _("This link is not valid"),
                "text": _("The confirmation link has expired or is damaged. Please contact the secretariat."),
            },
            status=404,
        )
    # Confirming by GET is idempotent and changes nothing but the application's own waiting state.
    services.application_verify(application=application)
    return render(
        request,
        "directory/message.html",
        {
            "title": _("Thank you: your email address is confirmed"),
            "text": _("The secretariat will review the application and write to you."),
        },
    )


@login_required
@require_safe
def application_list(request):
    require_secretariat(request)
    status = request.GET.get("status", MembershipApplication.Status.SUBMITTED)
    if status not in MembershipApplication.Status.values:
        status = MembershipApplication.Status.SUBMITTED
    applications = MembershipApplication.objects.filter(status=status).select_related(
        "organization", "organization__head_office_province", "applicant"
    )
    return render(
        request,
        "directory/application_list.html",
        {
            "applications": applications,
            "status": status,
            "statuses": MembershipApplication.Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request, pk: int):
    require_secretariat(request)
    application = get_object_or_404(
        MembershipApplication.objects.select_related("organization", "applicant"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == "approve":
                services.application_approve(application=application, by=request.user)
            elif decision == "reject":
                services.application_reject(application=application, reason=message, by=request.user)
            else:
                services.application_request_info(application=application, question=message, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)  # a dict of field errors lands on those fields
        else:
            messages.success(request, _("The decision has been recorded and the applicant informed."))
            return redirect("directory:application-list")
    return render(
        request,
        "directory/application_review.html",
        {
            "application": application,
            "org": application.organization,
            "form": form,
            "provinces": application.organization.provinces.all(),
            "sector_groups": application.organization.sector_groups.all(),
            "themes": application.organization.themes.all(),
            "hidden": set(),
        },
    )


@login_required
@require_safe
def application_certificate(request, pk: int):
    application = get_object_or_404(MembershipApplication, pk=pk)
    viewer = viewer_for(request.user)
    allowed = request.user.is_secretariat or application.organization_id in viewer.own_organization_ids
    if not allowed or not application.certificate:
        raise Http404
    extension = application.certificate.name.rsplit(".", 1)[-1]
    response = FileResponse(
        application.certificate.open("rb"),
        as_attachment=True,
        filename=f"certificate-{application.organization.slug}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def org_logo(request, slug: str):
    organization = get_organization_for_user(request, slug)
    if not organization.logo:
        raise Http404
    content_type = "image/png" if organization.logo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(organization.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
