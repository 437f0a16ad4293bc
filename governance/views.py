"""Governance pages. Each view fetches and authorizes in one step: a record the viewer may not see is
a 404, an action they may not take is a 403. Writes go through governance.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.cache import cache_public_page
from core.models import SectorGroup
from directory.models import Organization, OrganizationRole
from directory.visibility import viewer_for
from governance import access, hooks, ical, selectors, services
from governance.forms import (
    ActionItemForm,
    ActionStatusForm,
    AttendanceForm,
    BallotForm,
    CandidateResponseForm,
    DecisionForm,
    ElectionForm,
    LeadershipEndForm,
    LeadershipForm,
    MeetingForm,
    MinutesForm,
    NominationForm,
    ReasonForm,
    RegistrationForm,
    RepresentativeForm,
    ResolutionForm,
    SeatForm,
    SectorProfileForm,
    TieBreakForm,
)
from governance.models import (
    ActionItem,
    Candidate,
    CommitteeSeat,
    CommitteeTerm,
    Decision,
    Election,
    ElectorRoll,
    Meeting,
    MeetingMinutes,
    MeetingRegistration,
    SectorGroupProfile,
    SectorLeadership,
    VoteRecord,
)

PAGE_SIZE = 20
MEETING_RELATED = ["sector_group", "province", "district", "term"]


def require_secretariat(request) -> None:
    if not access.is_secretariat(request.user):
        raise PermissionDenied


def refuse(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def get_group(code: str) -> SectorGroup:
    return get_object_or_404(SectorGroup, code__iexact=code)


def get_meeting_for_user(request, pk: int, *, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related(*MEETING_RELATED), pk=pk)
    if not access.can_see_meeting(request.user, meeting):
        raise Http404
    if manage and not access.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def get_decision_for_user(request, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("term", "meeting"), pk=pk)
    if not access.can_see(viewer_for(request.user), decision.visibility) and not access.is_secretariat(
        request.user
    ):
        raise Http404
    return decision


def get_election_for_user(request, pk: int, *, manage: bool = False) -> Election:
    election = get_object_or_404(
        Election.objects.select_related("sector_group", "committee_seat", "committee_seat__term", "meeting"),
        pk=pk,
    )
    if not access.can_see_election(request.user, election):
        raise Http404
    if manage and not access.is_secretariat(request.user):
        raise PermissionDenied
    return election


def file_response(field, filename: str) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- overview, committee ---------------------------------------------------------------------------


@require_safe
@cache_public_page("governance", "directory")
def index(request):
    viewer = viewer_for(request.user)
    term = selectors.current_term()
    return render(
        request,
        "governance/index.html",
        {
            "term": term,
            "seats": selectors.seats_of(term) if term else [],
            "groups": selectors.groups_with_leadership(),
            "meetings": list(selectors.meetings_for(viewer).upcoming()[:5]),
            "decisions": selectors.latest_decisions(viewer),
            "elections": list(
                selectors.elections_for(viewer).filter(status__in=[Election.Status.OPEN, Election.Status.TIE])
            ),
            "can_manage": access.is_secretariat(request.user),
            "can_create_meetings": access.can_create_meetings(request.user),
        },
    )


def contacts_shown(request, people) -> set[int]:
    viewer = viewer_for(request.user)
    return {person.pk for person in people if person and access.can_see(viewer, person.contacts_visibility)}


def term_context(request, term: CommitteeTerm) -> dict:
    seats = selectors.seats_of(term)
    shown = contacts_shown(request, [seat.holder for seat in seats])
    for seat in seats:
        seat.show_contacts = seat.holder_id in shown
    return {
        "term": term,
        "seats": seats,
        "can_manage": access.is_secretariat(request.user),
        "terms": CommitteeTerm.objects.all(),
    }


@require_safe
@cache_public_page("governance", "directory")
def committee(request):
    term = selectors.current_term()
    if term is None:
        return render(
            request, "governance/committee.html", {"term": None, "terms": CommitteeTerm.objects.all()}
        )
    return render(request, "governance/committee.html", term_context(request, term))


@require_safe
@cache_public_page("governance")
def term_list(request):
    terms = CommitteeTerm.objects.select_related("endorsing_decision").annotate(
        filled=Count("seats", filter=Q(seats__status=CommitteeSeat.Status.FILLED))
    )
    return render(request, "governance/term_list.html", {"terms": terms})


@require_safe
@cache_public_page("governance", "directory")
def term_detail(request, pk: int):
    term = get_object_or_404(CommitteeTerm.objects.select_related("endorsing_decision", "elected_at"), pk=pk)
    return render(request, "governance/committee.html", {**term_context(request, term), "history": True})


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request, pk: int):
    require_secretariat(request)
    seat = get_object_or_404(CommitteeSeat.objects.select_related("term", "sector_group", "holder"), pk=pk)
    form = SeatForm(request.POST or None, initial={"person": seat.holder_id, "status": seat.status})
    if request.method == "POST" and form.is_valid():
        try:
            person = form.cleaned_data["person"]
            if person is None and (form.cleaned_data["new_name_lo"] or form.cleaned_data["new_name_en"]):
                person = services.person_create(
                    organization=form.cleaned_data["new_organization"],
                    data=form.new_person_data(),
                    by=request.user,
                )
            services.seat_assign(
                seat=seat, person=person, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The seat has been saved."))
            return redirect("governance:term-detail", pk=seat.term_id)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": seat.label,
            "subtitle": seat.term.name,
            "back": reverse("governance:term-detail", args=[seat.term_id]),
        },
    )


# --- sector groups ---------------------------------------------------------------------------------


@require_safe
@cache_public_page("governance", "directory")
def sector_list(request):
    groups = selectors.groups_with_leadership()
    counts = dict(
        Organization.objects.listed()
        .values_list("sector_groups")
        .annotate(count=Count("pk", distinct=True))
        .values_list("sector_groups", "count")
    )
    for group in groups:
        group.member_count = counts.get(group.pk, 0)
    return render(request, "governance/sector_list.html", {"groups": groups})


@require_safe
# The panels show news, documents, projects and reporting progress of the group.
@cache_public_page("governance", "directory", "content", "projects")
def sector_detail(request, code: str):
    group = get_group(code)
    viewer = viewer_for(request.user)
    profile = SectorGroupProfile.objects.filter(sector_group=group).first()
    leadership = SectorLeadership.objects.filter(sector_group=group).select_related(
        "person", "person__organization", "election"
    )
    current = [row for row in leadership if row.ends_on is None]
    shown = contacts_shown(request, [row.person for row in current])
    for row in leadership:
        row.show_contacts = row.person_id in shown
        row.election_visible = row.election is not None and access.can_see_election(
            request.user, row.election
        )
    meetings = selectors.meetings_for(viewer).filter(sector_group=group)
    members = selectors.group_members(group)
    return render(
        request,
        "governance/sector_detail.html",
        {
            "group": group,
            "profile": profile,
            "heads": [row for row in current if row.role == SectorLeadership.Role.HEAD],
            "deputies": [row for row in current if row.role == SectorLeadership.Role.DEPUTY],
            "past_leadership": sorted(
                (row for row in leadership if row.ends_on is not None),
                key=lambda row: row.starts_on,
                reverse=True,
            ),
            "members": members,
            "upcoming": list(meetings.upcoming()[:10]),
            "past": list(meetings.past()[:10]),
            "elections": list(selectors.elections_for(viewer).filter(sector_group=group)[:10]),
            "panels": hooks.sector_panels(group, viewer),
            "can_manage": access.can_manage_group(request.user, group.pk),
            "is_secretariat": access.is_secretariat(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sector_edit(request, code: str):
    group = get_group(code)
    if not access.can_manage_group(request.user, group.pk):
        raise PermissionDenied
    profile = SectorGroupProfile.objects.filter(sector_group=group).first()
    initial = (
        {"description_lo": profile.description_lo, "description_en": profile.description_en}
        if profile
        else {}
    )
    form = SectorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.sector_profile_update(sector_group=group, by=request.user, **form.cleaned_data)
        messages.success(request, _("The description has been saved."))
        return redirect("governance:sector-detail", code=group.code)
    return render(
        request, "governance/form_page.html", {"form": form, "title": group.name, "back": group_url(group)}
    )


def group_url(group: SectorGroup) -> str:
    return reverse("governance:sector-detail", args=[group.code])


@login_required
@require_http_methods(["GET", "POST"])
def leadership_create(request, code: str):
    require_secretariat(request)
    group = get_group(code)
    form = LeadershipForm(request.POST or None, organizations=selectors.group_members(group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"] or services.person_create(
                organization=data["new_organization"], data=form.new_person_data(), by=request.user
            )
            services.leadership_record(
                sector_group=group,
                person=person,
                role=data["role"],
                starts_on=data["starts_on"],
                term_ends_on=data["term_ends_on"],
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The leadership has been recorded."))
            return redirect("governance:sector-detail", code=group.code)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Record a head or deputy head"),
            "subtitle": group.name,
            "back": group_url(group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def leadership_end(request, pk: int):
    require_secretariat(request)
    row = get_object_or_404(SectorLeadership.objects.select_related("sector_group", "person"), pk=pk)
    form = LeadershipEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.leadership_end(leadership=row, ends_on=form.cleaned_data["ends_on"], by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The end of the term has been recorded."))
            return redirect("governance:sector-detail", code=row.sector_group.code)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("End of a term"),
            "subtitle": f"{row.person} · {row.get_role_display()}",
            "back": group_url(row.sector_group),
        },
    )


# --- meetings --------------------------------------------------------------------------------------


@require_safe
@cache_public_page("governance")
def meeting_list(request):
    query = selectors.MeetingQuery.from_params(request.GET)
    meetings = query.filtered(selectors.meetings_for(viewer_for(request.user)))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "query": query,
            "page": page,
            "querystring": params.urlencode(),
            "kinds": Meeting.Kind.choices,
            "groups": SectorGroup.objects.all(),
            "can_create": access.can_create_meetings(request.user),
        },
    )


@require_safe
@cache_public_page("governance")
def meeting_feed(request):
    """The iCalendar feed of the meetings the viewer may see (anonymous: public ones), from a year
    back; `?sector=CODE` for one group."""
    meetings = selectors.meetings_for(viewer_for(request.user)).filter(
        ends_at__gte=timezone.now() - timezone.timedelta(days=365)
    )
    code = request.GET.get("sector", "")
    name = None
    if code:
        group = SectorGroup.objects.filter(code=code).first()
        if group is None:
            raise Http404
        meetings = meetings.filter(sector_group=group)
        name = _("Meetings of the Lao CSO network: %(group)s") % {"group": group.name}
    body = ical.calendar(meetings.order_by("starts_at", "pk"), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@require_safe
def meeting_ics(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    response = HttpResponse(ical.calendar([meeting]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_safe
@cache_public_page("governance", "directory")
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    user = request.user
    show_minutes = access.can_see_minutes(user, meeting)
    registrations = list(meeting.registrations.select_related("organization")) if show_minutes else []
    own = access.editable_organizations(user)
    own_registrations = list(
        meeting.registrations.filter(organization__in=own).select_related("organization")
    )
    viewer = viewer_for(user)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "organizers": meeting.organizer_organizations.all(),
            "show_minutes": show_minutes,
            "minutes": list(meeting.minutes.all()) if show_minutes else [],
            "resolutions": list(meeting.resolutions.all()) if show_minutes else [],
            "action_items": list(
                meeting.action_items.select_related("responsible_organization", "resolution")
            )
            if show_minutes
            else [],
            "registrations": registrations,
            "own_registrations": own_registrations,
            "may_register": own.exclude(pk__in=[r.organization_id for r in own_registrations]).exists()
            and meeting.registration_open
            and meeting.is_upcoming
            and not meeting.is_cancelled,
            "can_manage": access.can_manage_meeting(user, meeting),
            "elections": list(selectors.elections_for(viewer).filter(meeting=meeting)),
            "decisions": list(meeting.decisions.visible_to(viewer)),
            "status_form": ActionStatusForm(),
            "own_organization_ids": set(own.values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not access.can_create_meetings(request.user):
        raise PermissionDenied
    group_ids = None if access.is_secretariat(request.user) else access.headed_group_ids(request.user)
    initial = {}
    if request.GET.get("sector") and SectorGroup.objects.filter(code=request.GET["sector"]).exists():
        initial = {
            "kind": Meeting.Kind.SECTOR_GROUP,
            "sector_group": SectorGroup.objects.get(code=request.GET["sector"]),
        }
    form = MeetingForm(request.POST or None, group_ids=group_ids, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                data=form.meeting_data(),
                organizer_organizations=form.organizer_organizations,
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage=True)
    group_ids = None if access.is_secretariat(request.user) else access.headed_group_ids(request.user)
    form = MeetingForm(request.POST or None, instance=meeting, group_ids=group_ids)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=Meeting.objects.get(pk=meeting.pk),
                data=form.meeting_data(),
                organizer_organizations=form.organizer_organizations,
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except services.StaleEdit as error:
            messages.error(request, error.messages[0])
            return render(
                request, "governance/meeting_form.html", {"form": form, "meeting": meeting}, status=409
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage=True)
    services.meeting_cancel(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting has been cancelled."))
    return redirect("governance:meeting-detail", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_register(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    organizations = access.editable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_create(
                meeting=meeting,
                organization=data["organization"],
                women=data["participants_women"],
                men=data["participants_men"],
                unspecified=data.get("participants_unspecified") or 0,
                note=data.get("note", ""),
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(
                request, _("%(org)s is registered for this meeting.") % {"org": data["organization"].name}
            )
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(request, "governance/meeting_register.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def registration_cancel(request, pk: int, registration: int):
    meeting = get_meeting_for_user(request, pk)
    row = get_object_or_404(
        MeetingRegistration.objects.select_related("organization", "meeting"),
        pk=registration,
        meeting=meeting,
    )
    try:
        services.registration_cancel(registration=row, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The registration has been withdrawn."))
    return redirect("governance:meeting-detail", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage=True)
    registrations = list(meeting.registrations.select_related("organization"))
    initial = {
        "attendance_total": meeting.attendance_total,
        "attendance_women": meeting.attendance_women,
        "attendance_men": meeting.attendance_men,
        "attendance_unspecified": meeting.attendance_unspecified or 0,
        "attended": [str(r.organization_id) for r in registrations if r.attended],
    }
    form = AttendanceForm(request.POST or None, registrations=registrations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_record(
                meeting=meeting,
                total=data["attendance_total"],
                women=data["attendance_women"],
                men=data["attendance_men"],
                unspecified=data.get("attendance_unspecified") or 0,
                attended_organization_ids=[int(pk) for pk in data.get("attended", [])],
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The attendance has been recorded."))
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Attendance"),
            "subtitle": meeting.title,
            "back": reverse("governance:meeting-detail", args=[meeting.pk]),
            "registered_total": sum(r.participants for r in registrations),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage=True)
    language = request.POST.get("language") or request.GET.get("language") or "lo"
    if language not in MeetingMinutes.Language.values:
        language = "lo"
    existing = MeetingMinutes.objects.filter(meeting=meeting, language=language).first()
    form = MinutesForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": language, "text": existing.text if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_save(
                meeting=meeting,
                language=data["language"],
                text=data["text"],
                file=data.get("upload"),
                remove_file=data.get("remove_file", False),
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(reverse("governance:meeting-detail", args=[meeting.pk]) + "#minutes")
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Minutes"),
            "subtitle": meeting.title,
            "back": reverse("governance:meeting-detail", args=[meeting.pk]),
            "multipart": True,
            "existing_file": existing.file if existing else None,
        },
    )


@require_safe
def minutes_file(request, pk: int, language: str):
    meeting = get_meeting_for_user(request, pk)
    if not access.can_see_minutes(request.user, meeting):
        raise Http404
    minutes = get_object_or_404(MeetingMinutes, meeting=meeting, language=language)
    if not minutes.file:
        raise Http404
    extension = minutes.file.name.rsplit(".", 1)[-1]
    return file_response(minutes.file, f"minutes-{meeting.pk}-{language}.{extension}")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_resolutions(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage=True)
    resolutions = list(meeting.resolutions.all())
    which = request.POST.get("form")
    resolution_form = ResolutionForm(request.POST if which == "resolution" else None, prefix="resolution")
    action_form = ActionItemForm(
        request.POST if which == "action" else None, resolutions=resolutions, prefix="action"
    )
    try:
        if which == "resolution" and resolution_form.is_valid():
            services.resolution_add(meeting=meeting, by=request.user, **resolution_form.cleaned_data)
            messages.success(request, _("The resolution has been added."))
            return redirect("governance:meeting-resolutions", pk=meeting.pk)
        if which == "action" and action_form.is_valid():
            services.action_item_add(meeting=meeting, data=action_form.cleaned_data, by=request.user)
            messages.success(request, _("The action item has been added."))
            return redirect("governance:meeting-resolutions", pk=meeting.pk)
    except ValidationError as error:
        refuse(resolution_form if which == "resolution" else action_form, error)
    return render(
        request,
        "governance/meeting_resolutions.html",
        {
            "meeting": meeting,
            "resolutions": resolutions,
            "action_items": meeting.action_items.select_related("responsible_organization", "resolution"),
            "resolution_form": resolution_form,
            "action_form": action_form,
        },
    )


@login_required
@require_POST
def action_item_status(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=pk)
    get_meeting_for_user(request, item.meeting_id)
    if not access.can_update_action_item(request.user, item):  # before the form: refused, not "invalid"
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(item=item, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("The action item has been updated."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect(reverse("governance:meeting-detail", args=[item.meeting_id]) + "#action-items")


# --- decisions register ----------------------------------------------------------------------------


@require_safe
@cache_public_page("governance")
def decision_list(request):
    query = selectors.DecisionQuery.from_params(request.GET)
    page = Paginator(query.results(viewer_for(request.user)), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "governance/decision_list.html",
        {
            "query": query,
            "page": page,
            "querystring": params.urlencode(),
            "kinds": Decision.Kind.choices,
            "can_manage": access.is_secretariat(request.user),
        },
    )


@require_safe
@cache_public_page("governance")
def decision_detail(request, pk: int):
    decision = get_decision_for_user(request, pk)
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "meeting_visible": decision.meeting is not None
            and access.can_see_meeting(request.user, decision.meeting),
            "can_manage": access.is_secretariat(request.user),
            "endorsed_terms": decision.endorsed_terms.all(),
        },
    )


@require_safe
def decision_file(request, pk: int):
    decision = get_decision_for_user(request, pk)
    if not decision.file:
        raise Http404
    extension = decision.file.name.rsplit(".", 1)[-1]
    number = "".join(char if char.isalnum() else "-" for char in decision.number)
    return file_response(decision.file, f"decision-{number}-{decision.issued_on:%Y-%m-%d}.{extension}")


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    require_secretariat(request)
    form = DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                data=form.decision_data(), file=form.cleaned_data.get("upload"), by=request.user
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The document has been added to the register."))
            return redirect("governance:decision-detail", pk=decision.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Add to the decisions register"),
            "back": reverse("governance:decision-list"),
            "multipart": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    require_secretariat(request)
    decision = get_decision_for_user(request, pk)
    form = DecisionForm(request.POST or None, request.FILES or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                decision=Decision.objects.get(pk=decision.pk),
                data=form.decision_data(),
                file=form.cleaned_data.get("upload"),
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The document has been saved."))
            return redirect("governance:decision-detail", pk=decision.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Edit the register entry"),
            "subtitle": decision.number,
            "back": reverse("governance:decision-detail", args=[decision.pk]),
            "multipart": True,
        },
    )


# --- elections -------------------------------------------------------------------------------------


@require_safe
def election_list(request):
    elections = selectors.elections_for(viewer_for(request.user))
    return render(
        request,
        "governance/election_list.html",
        {
            "current": elections.filter(
                status__in=[Election.Status.DRAFT, Election.Status.OPEN, Election.Status.TIE]
            ),
            "closed": elections.filter(status__in=[Election.Status.CLOSED, Election.Status.CANCELLED])[:50],
            "can_manage": access.is_secretariat(request.user),
        },
    )


def ballot_organizations(user, election: Election) -> tuple[list[Organization], list[Organization]]:
    """(organizations this user may still vote for, those of theirs that have voted) in this election."""
    represented = access.represented_organizations(user).filter(
        pk__in=ElectorRoll.objects.filter(election=election).values("organization")
    )
    voted_ids = set(
        VoteRecord.objects.filter(election=election, organization__in=represented).values_list(
            "organization_id", flat=True
        )
    )
    represented = list(represented)
    return [org for org in represented if org.pk not in voted_ids], [
        org for org in represented if org.pk in voted_ids
    ]


def owned_organizations(user, election: Election) -> list[Organization]:
    """The user's own organizations on the roll, each with who casts its ballot (for owners to check)."""
    if not user.is_authenticated:
        return []
    owned = list(
        Organization.objects.listed()
        .filter(roles__user=user, roles__kind=OrganizationRole.Kind.OWNER)
        .filter(pk__in=ElectorRoll.objects.filter(election=election).values("organization"))
        .select_related("governance_representative__user")
    )
    for organization in owned:
        designation = getattr(organization, "governance_representative", None)
        organization.voter = designation.user if designation else user
    return owned


def election_context(request, election: Election, ballot_form=None) -> dict:
    user = request.user
    candidates = list(election.candidates.select_related("person", "person__organization", "person__user"))
    accepted = [c for c in candidates if c.status == Candidate.Status.ACCEPTED]
    can_vote_for, voted_for = ballot_organizations(user, election)
    if ballot_form is None and can_vote_for and election.voting_now:
        ballot_form = BallotForm(election=election, candidates=accepted, organizations=can_vote_for)
    secretariat = access.is_secretariat(user)
    electors = ElectorRoll.objects.filter(election=election).count()
    voted = VoteRecord.objects.filter(election=election).count()
    context = {
        "election": election,
        "candidates": candidates,
        "accepted": accepted,
        "ballot_form": ballot_form if election.voting_now else None,
        "voted_for": voted_for,
        "electors": electors,
        "voted": voted,
        "is_secretariat": secretariat,
        "can_nominate": election.status == Election.Status.DRAFT
        and (
            secretariat
            or access.editable_organizations(user).filter(pk__in=services.electorate(election)).exists()
        ),
        "own_candidacies": [c for c in candidates if c.person.user_id and c.person.user_id == user.pk],
        "tallies": list(
            election.tallies.select_related(
                "candidate", "candidate__person", "candidate__person__organization"
            )
        )
        if election.results_published
        else [],
        "may_close_early": voted >= electors > 0,
        "leadership": list(election.leadership.select_related("person")),
        "owned": owned_organizations(user, election),
    }
    if secretariat:
        context["roll"] = list(
            ElectorRoll.objects.filter(election=election)
            .select_related("organization")
            .order_by("organization__name_lo_sort")
        )
        context["voted_ids"] = set(
            VoteRecord.objects.filter(election=election).values_list("organization_id", flat=True)
        )
        if election.results_published:
            recount = services.election_recount(election)
            context["recount_matches"] = recount == services.published_tally(election)
    return context


@require_safe
def election_detail(request, pk: int):
    election = get_election_for_user(request, pk)
    return render(request, "governance/election_detail.html", election_context(request, election))


@login_required
@require_POST
def election_vote(request, pk: int):
    election = get_election_for_user(request, pk)
    can_vote_for, _voted = ballot_organizations(request.user, election)
    accepted = list(
        election.candidates.filter(status=Candidate.Status.ACCEPTED).select_related(
            "person", "person__organization"
        )
    )
    form = BallotForm(request.POST, election=election, candidates=accepted, organizations=can_vote_for)
    if form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            services.ballot_cast(
                election=election,
                organization=organization,
                candidate_ids=form.cleaned_data["candidate_ids"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            # Never repeat the choice back: messages can end up in the session store.
            messages.success(
                request,
                _(
                    "The ballot of %(org)s has been recorded. It is stored without any link to your "
                    "organization."
                )
                % {"org": organization.name},
            )
        return redirect("governance:election-detail", pk=election.pk)
    if can_vote_for and election.voting_now:
        return render(
            request, "governance/election_detail.html", election_context(request, election, form), status=400
        )
    # Nothing this user may vote for: say why (closed, already voted, not a member, not the representative).
    posted = request.POST.get("organization", "")
    organization = (
        Organization.objects.filter(pk=int(posted), roles__user=request.user).first()
        if posted.isdigit()
        else None
    )
    refusal = organization and services.voting_refusal(
        election=election, organization=organization, by=request.user
    )
    messages.error(
        request,
        refusal.messages[0]
        if refusal
        else _("You do not cast a ballot for any organization on the roll of this election."),
    )
    return redirect("governance:election-detail", pk=election.pk)


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request):
    require_secretariat(request)
    initial = {}
    meeting_pk = request.GET.get("meeting", "")
    if meeting_pk.isdigit():
        meeting = Meeting.objects.filter(pk=meeting_pk).first()
        if meeting is not None:
            initial = {
                "meeting": meeting.pk,
                "sector_group": meeting.sector_group_id,
                "kind": Election.Kind.SECTOR_HEAD
                if meeting.sector_group_id
                else Election.Kind.COMMITTEE_SEAT,
            }
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(data=form.election_data(), by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The election has been prepared. Now nominate the candidates."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {"form": form, "title": _("Prepare an election"), "back": reverse("governance:election-list")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_edit(request, pk: int):
    election = get_election_for_user(request, pk, manage=True)
    form = ElectionForm(request.POST or None, instance=election)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_update(election=election, data=form.election_data(), by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The election has been saved."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Change the election"),
            "subtitle": election.title,
            "back": reverse("governance:election-detail", args=[election.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_nominate(request, pk: int):
    election = get_election_for_user(request, pk)
    eligible = services.electorate(election)
    if not access.is_secretariat(request.user):
        eligible = eligible.filter(pk__in=access.editable_organizations(request.user))
        if not eligible.exists():
            raise PermissionDenied
    form = NominationForm(request.POST or None, organizations=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"] or services.person_create(
                organization=data["new_organization"], data=form.new_person_data(), by=request.user
            )
            services.candidate_nominate(
                election=election,
                person=person,
                statement_lo=data["statement_lo"],
                statement_en=data["statement_en"],
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The nomination has been recorded."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Nominate a candidate"),
            "subtitle": election.title,
            "back": reverse("governance:election-detail", args=[election.pk]),
            "intro": _(
                "Candidates are people from active member organizations that vote in this election. "
                "A nominee is on the ballot only after accepting."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_respond(request, pk: int, candidate: int):
    election = get_election_for_user(request, pk)
    row = get_object_or_404(Candidate.objects.select_related("person"), pk=candidate, election=election)
    if not (access.is_secretariat(request.user) or row.person.user_id == request.user.pk):
        raise PermissionDenied
    form = CandidateResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_respond(
                candidate=row, accept=form.cleaned_data["answer"] == "accept", by=request.user
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The answer has been recorded."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Answer to the nomination"),
            "subtitle": f"{row.person.name} · {election.title}",
            "back": reverse("governance:election-detail", args=[election.pk]),
        },
    )


def election_action(request, pk: int, action, success: str):
    election = get_election_for_user(request, pk, manage=True)
    try:
        action(election=election, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success)
    return redirect("governance:election-detail", pk=election.pk)


@login_required
@require_POST
def election_open(request, pk: int):
    return election_action(request, pk, services.election_open, _("Voting has been opened."))


@login_required
@require_POST
def election_close(request, pk: int):
    return election_action(
        request, pk, services.election_close, _("The election has been closed and counted.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_tiebreak(request, pk: int):
    election = get_election_for_user(request, pk, manage=True)
    tied = list(election.tallies.filter(tied=True).select_related("candidate", "candidate__person"))
    form = TieBreakForm(request.POST or None, tied=tied)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_resolve_tie(
                election=election,
                winner_ids=[int(pk) for pk in form.cleaned_data["winners"]],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The tie has been resolved and the result published."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Resolve the tie"),
            "subtitle": election.title,
            "back": reverse("governance:election-detail", args=[election.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_cancel(request, pk: int):
    election = get_election_for_user(request, pk, manage=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_cancel(election=election, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The election has been cancelled."))
            return redirect("governance:election-detail", pk=election.pk)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Cancel the election"),
            "subtitle": election.title,
            "back": reverse("governance:election-detail", args=[election.pk]),
            "intro": _("Ballots already cast are destroyed without being counted."),
        },
    )


# --- voting representatives ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def representative(request, slug: str):
    organization = get_object_or_404(Organization, slug=slug)
    viewer = viewer_for(request.user)
    if not (organization.pk in viewer.owned_organization_ids or access.is_secretariat(request.user)):
        raise PermissionDenied
    current = getattr(organization, "governance_representative", None)
    form = RepresentativeForm(
        request.POST or None,
        organization=organization,
        initial={"user": current.user_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_designate(
                organization=organization, user=form.cleaned_data["user"], by=request.user
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("The voting representative has been saved."))
            return redirect("governance:representative", slug=organization.slug)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Voting representative"),
            "subtitle": organization.name,
            "back": reverse("governance:election-list"),
            "intro": _(
                "One person casts your organization's ballot in elections. Until you name someone, "
                "the organization's owner does."
            ),
        },
    )
