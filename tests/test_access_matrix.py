"""Who may do what, site-wide: every URL pattern × GET, HEAD, POST, PUT, PATCH, DELETE × seven actors,
checked against the written policy in docs/access-policy.toml (its header explains the notation).

- A URL pattern without an entry in the policy fails, and so does an entry whose URL name is gone:
  a new view is not finished until the policy says who may open it.
- URL arguments name records of one shared world (`WORLD` below): public and members-only records,
  organization A's project and report, and so on; a private record must answer 404 to outsiders.
- GET and HEAD never change data: the database's fingerprint is the same after them as before.
- POSTs carry no form data: they test the gate (403/404/sign-in) against the form shown again.

The world is built once per module (and per xdist worker) inside a transaction that is rolled back at
the end; each request runs in a savepoint that is rolled back after it, so one actor's POST never
changes what the next one sees."""

import hashlib
import re
import tomllib
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from conftest import PERSONAS
from projects.tests.conftest import ROUND_2025

# Each test runs in the test case transaction pytest-django opens; the shared world below lives in an
# outer transaction of its own, so the mark is what makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

POLICY_FILE = Path(settings.BASE_DIR) / "docs" / "access-policy.toml"
ACTORS = ["anonymous", "visitor", "editor_a", "editor_b", "sector_head", "committee", "secretariat"]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
SAFE = {"GET", "HEAD"}
API_PREFIX = "api-v1:"
ADMIN_PREFIX = "admin:"

# Not part of the fingerprint, and why: each is bookkeeping that a read is allowed (or meant) to write.
# - django_session: signing in, session expiry and the rotation of keys are how sessions work.
# - core_auditevent: the audit log records refused requests (core.middleware.AuditDenialsMiddleware)
#   and downloads; recording a read is its purpose, and it is append-only.
# - api_apitoken.last_used_at: the API notes when a token was last used, now and then, on every call.
# Everything else counts, the outgoing mail queue included: a GET must not send mail either.
UNFINGERPRINTED_TABLES = {"django_session", "core_auditevent"}
UNFINGERPRINTED_COLUMNS = {"api_apitoken": {"last_used_at"}}


# --- the policy ------------------------------------------------------------------------------------


def load_policy(path: Path = POLICY_FILE) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def url_patterns(resolver=None, namespace: str = "", route: str = "") -> list[tuple[str, URLPattern, str]]:
    """(namespaced name, pattern, full route) of every pattern, recursively; a pattern without a
    name is named after its route."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        full = route + str(pattern.pattern).lstrip("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_patterns(pattern, inner, full)
        else:
            found.append((namespace + (pattern.name or f"<unnamed {full}>"), pattern, full))
    return found


def expand(policy: dict, rules, base: dict | None = None) -> dict[str, object]:
    """One method's outcomes per actor, from a profile name or an inline table with `like`, `all`,
    `signed-in` and actor keys (actor keys win over `signed-in`, which wins over `all`)."""
    if not isinstance(rules, dict):  # a profile's name, or one outcome for every actor
        rules = policy["profiles"].get(rules, {"all": rules})
    outcomes = dict(base or {})
    if "like" in rules:
        outcomes = expand(policy, rules["like"])
    if "all" in rules:
        outcomes.update(dict.fromkeys(ACTORS, rules["all"]))
    if "signed-in" in rules:
        outcomes.update(dict.fromkeys(ACTORS[1:], rules["signed-in"]))
    outcomes.update({actor: rules[actor] for actor in ACTORS if actor in rules})
    unknown = set(rules) - {"like", "all", "signed-in", *ACTORS}
    assert not unknown, f"unknown keys {sorted(unknown)} in {rules}"
    return outcomes


def expected_outcomes(policy: dict, case: dict) -> dict[tuple[str, str], object]:
    """(method, actor) → outcome for one case of an entry, the defaults applied: a method not listed
    answers 405 (the default's value), HEAD answers as GET, and a method given as another method's
    name answers as that one."""
    per_method = {}
    for method in METHODS:
        rules = case.get(method)
        if rules is None and method == "HEAD" and "GET" in case:
            rules = "GET"
        if rules is None:
            rules = {"all": policy["defaults"]["method-not-listed"]}
        if isinstance(rules, str) and rules in METHODS:
            per_method[method] = per_method.get(rules) or expand(policy, case[rules])
            continue
        per_method[method] = expand(policy, rules)
        missing = set(ACTORS) - set(per_method[method])
        assert not missing, f"{method}: no outcome for {sorted(missing)}"
    return {(method, actor): per_method[method][actor] for method in METHODS for actor in ACTORS}


RESERVED = {"defaults", "profiles", "admin", "actors"}


def urls(policy: dict) -> dict:
    """The entries: every top-level table but the reserved ones, keyed by URL name."""
    return {name: entry for name, entry in policy.items() if name not in RESERVED}


def cases(policy: dict) -> list[tuple[str, int, dict]]:
    """(URL name, case number, case) of every entry; an entry is one table or a list of them."""
    found = []
    for name, entry in urls(policy).items():
        for number, case in enumerate(entry if isinstance(entry, list) else [entry]):
            found.append((name, number, case))
    return found


POLICY = load_policy()
CASES = cases(POLICY)


def case_id(name: str, number: int, case: dict) -> str:
    return f"{name}[{case['case']}]" if "case" in case else name


# --- the world -------------------------------------------------------------------------------------


def build_records(tmp: Path) -> dict[str, object]:
    """The records the policy's `args` name, created through the services as people would."""
    from accounts.models import User
    from api.services import token_create
    from content import digest
    from content import services as content
    from content.files import checked_document
    from content.tests.helpers import pdf_bytes, png_bytes, upload
    from core.images import reencode_image
    from core.models import District, Province, SectorGroup
    from directory import services as directory
    from directory.models import Organization
    from governance import services as governance
    from governance.models import CommitteeSeat, CommitteeTerm
    from governance.reference import committee_history_load
    from projects import services as projects
    from projects.models import Report

    people = {name: User.objects.get(email=email) for name, (email, *_rest) in PERSONAS.items()}
    sec = people["secretariat"]
    org_a = Organization.objects.get(acronym="BNCDA")
    org_b = Organization.objects.get(acronym="FCE")
    fard = SectorGroup.objects.get(code="FARD")
    la13 = Province.objects.get(code="LA13")
    now = timezone.now()
    w = {"org_a": org_a.slug, "org_b": org_b.slug, "fard": "FARD", "edsp": "EDSP", "province": "LA13"}

    # Directory: an application in the secretariat's queue, an invitation, a profile version.
    applicant = User.objects.create_user(email="applicant@test.laocso.org", password=None)
    application = directory.application_submit(
        applicant=applicant,
        data={
            "name_lo": "ສະມາຄົມຜູ້ສະໝັກ",
            "name_en": "Applicant Association",
            "acronym": "APPL",
            "head_office_province": la13,
            "primary_sector_group": fard,
        },
        m2m={"provinces": [la13], "sector_groups": [fard]},
        contact_name="Applicant",
        contact_phone="020 5555 0001",
    )
    directory.application_verify(application=application)
    w["application"] = application.pk
    w["applicant_org"] = application.organization.slug
    w["application_token"] = __import__("django.core.signing").core.signing.dumps(
        application.pk, salt=directory.VERIFY_SALT
    )
    with mock.patch("directory.emails.send_invitation") as send:
        directory.invitation_create(organization=org_a, email="new.editor@example.org", by=people["editor_a"])
    w["invitation_token"] = send.call_args.args[1]
    org_a = directory.organization_update(
        organization=org_a,
        data={"phone": "020 5555 9999"},
        m2m={},
        expected_version=org_a.version,
        by=people["editor_a"],
    ) or Organization.objects.get(pk=org_a.pk)
    w["org_a_version"] = org_a.versions.order_by("pk").first().version

    # Projects: public, members-only and secretariat-only projects of A, a public one of B.
    def project(organization, title, visibility="public"):
        return projects.project_create(
            organization=organization,
            by=None,
            data={
                "title_lo": "ໂຄງການນ້ຳສະອາດ",
                "title_en": title,
                "status": "ongoing",
                "starts_on": date(2024, 1, 1),
                "ends_on": date(2026, 12, 31),
                "sector_group": fard,
                "budget_amount": Decimal("1000.00"),
                "budget_currency": "USD",
                "visibility": visibility,
            },
            m2m={"themes": [], "sdg_targets": [], "plan_outcomes": []},
            locations=[{"province": la13, "district": District.objects.filter(province=la13).first()}],
            partners=[],
        )

    project_a = project(org_a, "Public wells")
    w["project_a"] = project_a.pk
    w["project_a_members"] = project(org_a, "Members wells", "members").pk
    w["project_a_secret"] = project(org_a, "Secretariat wells", "secretariat").pk
    w["project_b"] = project(org_b, "Schools of B").pk
    w["project_a_version"] = project_a.versions.order_by("pk").first().version

    # A reporting round: A's report has a line with a photo.
    reporting_round = projects.round_open(
        data=dict(ROUND_2025),
        by=sec,
    )
    w["round"] = reporting_round.pk
    report_a = Report.objects.get(round=reporting_round, organization=org_a)
    people_line = dict.fromkeys(["women", "men", "girls", "boys"], 1)
    people_line.update(
        dict.fromkeys(["disabled_women", "disabled_men", "disabled_girls", "disabled_boys"], 0)
    )
    report_a = projects.report_save(
        report=report_a,
        data={"staff_women": 1, "staff_men": 1, "volunteers_women": 0, "volunteers_men": 0},
        lines={
            project.pk: {**people_line, "results_en": "Wells.", "ethnic_groups": []}
            for project in projects.report_due_projects(report_a)
        },
        expected_version=report_a.version,
        by=people["editor_a"],
    )
    line = report_a.lines.first()
    w["line_a"] = line.pk
    image = reencode_image(upload(png_bytes(), "photo.png", "image/png"))
    w["photo_a"] = projects.report_photo_add(line=line, image=image, caption="Well", by=people["editor_a"]).pk

    # Governance: committee history, meetings (public and members-only), a registration, an action
    # item, minutes, a decision, a sector leadership, an election (draft) with a candidate.
    committee_history_load()
    w["term"] = CommitteeTerm.objects.order_by("starts_on").first().pk
    w["seat"] = CommitteeSeat.objects.order_by("pk").first().pk
    meeting = {
        "kind": "sector_group",
        "sector_group": fard,
        "title_lo": "ກອງປະຊຸມ",
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "province": la13,
        "minutes_visibility": "members",
        "registration_open": True,
    }
    public_meeting = governance.meeting_create(
        data={**meeting, "title_en": "FARD meeting", "visibility": "public"}, by=sec
    )
    w["meeting"] = public_meeting.pk
    w["meeting_members"] = governance.meeting_create(
        data={**meeting, "title_en": "Members meeting", "visibility": "members"}, by=sec
    ).pk
    w["meeting_registration"] = governance.registration_create(
        meeting=public_meeting, organization=org_a, women=1, men=1, by=people["editor_a"]
    ).pk
    governance.minutes_save(meeting=public_meeting, language="en", text="Minutes.", by=sec)
    w["action_item"] = governance.action_item_add(
        meeting=public_meeting, data={"task_en": "Write the plan", "responsible_organization": org_a}, by=sec
    ).pk
    w["decision"] = governance.decision_create(
        data={
            "number": "1/T",
            "issued_on": date(2025, 1, 1),
            "issuing_body_en": "Secretariat",
            "title_en": "Public notice",
            "visibility": "public",
        },
        by=sec,
    ).pk
    person = governance.person_create(organization=org_a, data={"name_en": "Head of A"}, by=None)
    w["leadership"] = governance.leadership_record(
        sector_group=fard, person=person, role="head", starts_on=date(2024, 1, 1), by=sec
    ).pk
    election = governance.election_create(
        data={
            "kind": "sector_head",
            "sector_group": fard,
            "title_en": "Election of the FARD head",
            "title_lo": "ເລືອກຕັ້ງ",
            "opens_at": now + timedelta(days=1),
            "closes_at": now + timedelta(days=2),
            "tie_rule": "lots",
            "visibility": "members",
        },
        by=sec,
    )
    w["election"] = election.pk
    w["candidate"] = governance.candidate_nominate(election=election, person=person, by=sec).pk

    # Content: public, members-only and draft news; events with a registration; documents;
    # opportunities; a digest subscription.
    def news(title, **data):
        return content.news_create(
            data={"title_lo": "ຂ່າວ", "title_en": title, "status": "published", **data},
            m2m={"sector_groups": [fard], "organizations": [org_a]},
            by=sec,
        )

    w["news"] = news("Public news").slug
    w["news_members"] = news("Members news", visibility="members").slug
    w["news_draft"] = news("Draft news", status="draft").slug
    event = {
        "title_lo": "ຝຶກອົບຮົມ",
        "kind": "training",
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=3),
        "status": "published",
        "registration_open": True,
    }
    public_event = content.event_create(
        data={**event, "title_en": "Public training"},
        m2m={"sector_groups": [fard], "organizers": [org_a]},
        by=sec,
    )
    w["event"] = public_event.slug
    w["event_members"] = content.event_create(
        data={**event, "title_en": "Members training", "visibility": "members"},
        m2m={"sector_groups": [], "organizers": []},
        by=sec,
    ).slug
    w["event_registration"] = content.registration_create(
        event=public_event, organization=org_a, women=1, men=1, by=people["editor_a"], notify=False
    ).pk
    document = {"title_lo": "ບົດລາຍງານ", "kind": "report", "language": "en", "status": "published"}
    w["document"] = content.document_create(
        checked=checked_document(upload(pdf_bytes("A report."), "report.pdf")),
        data={**document, "title_en": "Public report"},
        m2m={"sector_groups": [fard]},
        by=sec,
    ).slug
    w["document_members"] = content.document_create(
        checked=checked_document(upload(pdf_bytes("Another report."), "other.pdf")),
        data={**document, "title_en": "Members report", "visibility": "members"},
        m2m={"sector_groups": []},
        by=sec,
    ).slug
    opportunity = {"title_lo": "ທຶນ", "kind": "grant", "deadline": timezone.localdate() + timedelta(days=10)}
    w["opportunity"] = content.opportunity_create(
        data={**opportunity, "title_en": "Public grant", "status": "published"},
        m2m={"sector_groups": [fard]},
        by=sec,
    ).slug
    w["opportunity_members"] = content.opportunity_create(
        data={**opportunity, "title_en": "Members grant", "status": "published", "visibility": "members"},
        m2m={"sector_groups": []},
        by=sec,
    ).slug
    subscription = digest.subscription_save(
        user=people["visitor"], is_active=True, language="en", sector_groups=[]
    )
    w["unsubscribe_token"] = digest.unsubscribe_token(subscription)

    # API: personal tokens of the editors (the only personas who may have one); one to revoke.
    tokens = {
        name: token_create(user=people[name], name="Matrix", days=30) for name in ("editor_a", "editor_b")
    }
    w["token_a"] = tokens["editor_a"][0].pk
    w["api_tokens"] = {name: raw for name, (_row, raw) in tokens.items()}
    w["report_a"] = report_a.pk
    w["today"] = timezone.localdate()
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The records, and a signed-in session per persona, in a transaction rolled back at the end."""
    from accounts.models import User

    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        # Two-factor sign-in is tested on its own (accounts); here each role's reach is the question.
        TWO_FACTOR_REQUIRED=False,
        API_RATE_ANONYMOUS="100000/min",
        API_RATE_TOKEN="100000/min",
        API_RATE_FAILED_TOKENS="100000/min",
    )
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        records = build_records(tmp_path_factory.mktemp("world"))
        clients = {actor: Client(raise_request_exception=False) for actor in ACTORS}
        sessions = {}
        for actor in ACTORS[1:]:
            clients[actor].force_login(User.objects.get(email=PERSONAS[actor][0]))
            sessions[actor] = clients[actor].cookies[settings.SESSION_COOKIE_NAME].value
        yield SimpleNamespace(records=records, sessions=sessions, clients=clients)
        transaction.set_rollback(True)


# --- requests --------------------------------------------------------------------------------------


def fingerprint_queries() -> dict[str, str]:
    """A SELECT per fingerprinted table; the schema does not change, so they are built once."""
    if not hasattr(fingerprint_queries, "cached"):
        queries = {}
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor, include_views=False)):
                if table in UNFINGERPRINTED_TABLES:
                    continue
                columns = "*"
                if table in UNFINGERPRINTED_COLUMNS:
                    columns = ", ".join(
                        connection.ops.quote_name(column.name)
                        for column in connection.introspection.get_table_description(cursor, table)
                        if column.name not in UNFINGERPRINTED_COLUMNS[table]
                    )
                queries[table] = f"SELECT {columns} FROM {connection.ops.quote_name(table)}"
        fingerprint_queries.cached = queries
    return fingerprint_queries.cached


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a hash of the rows of every table but the bookkeeping ones (see above)."""
    found = {}
    with connection.cursor() as cursor:
        for table, query in fingerprint_queries().items():
            cursor.execute(query)
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
            found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


@contextmanager
def rolled_back():
    """Whatever happens inside is undone afterwards (a savepoint in the world's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def admin_arguments(name: str, pattern: URLPattern) -> dict[str, object]:
    """Arguments of an admin address: an existing record of the model the name is about."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User

    match = re.fullmatch(r"admin:([a-z]+)_([a-z]+)_(change|delete|history)", name)
    model = apps.get_model(match[1], match[2]) if match else None
    arguments = {}
    for key in pattern.pattern.converters:
        if key == "object_id" and model is not None:
            arguments[key] = str(model.objects.order_by("pk").values_list("pk", flat=True).first() or 0)
        elif key == "content_type_id":
            arguments[key] = str(ContentType.objects.get_for_model(User).pk)
        elif key in {"object_id", "id"}:
            arguments[key] = str(User.objects.order_by("pk").first().pk)
    if "app_label" in pattern.pattern.regex.groupindex:
        arguments["app_label"] = "directory"
    if "url" in pattern.pattern.regex.groupindex:
        arguments["url"] = "no-such-page/"
    return arguments


def address(name: str, case: dict, records: dict) -> str:
    if "url" in case:
        return case["url"]
    arguments = {key: records.get(value, value) for key, value in case.get("args", {}).items()}
    with translation.override("en"):
        return reverse(name, kwargs=arguments)


SIGN_IN = re.compile(r"^/[a-z]{2}/accounts/sign-in/")
ADMIN_SIGN_IN = re.compile(r"^/[a-z]{2}/admin/login/")


def outcome(response) -> object:
    """A response as the policy names it: a status code, "sign-in" or "redirect"."""
    if response.status_code in {301, 302, 303, 307, 308}:
        location = response["Location"]
        if SIGN_IN.match(location):
            return "sign-in"
        if ADMIN_SIGN_IN.match(location):
            return "admin-sign-in"
        return "redirect"
    return response.status_code


def request(world, actor: str, method: str, url: str):
    # One client per actor: a new client would load the middleware (and WhiteNoise's file list) anew.
    client = world.clients[actor]
    client.cookies = SimpleCookie()
    headers = {}
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
        token = world.records["api_tokens"].get(actor)
        if token and url.startswith("/api/v1/"):
            headers["Authorization"] = f"Bearer {token}"
    return getattr(client, method.lower())(url, headers=headers)


def observe(world, name: str, case: dict, methods=METHODS) -> tuple[dict, list[str]]:
    """What every actor gets for every method, and the problems seen on the way: server errors, and
    safe requests that changed the database."""
    url = address(name, case, world.records)
    seen, problems = {}, []

    def send(actor, method):
        response = request(world, actor, method, url)
        seen[method, actor] = outcome(response)
        if response.status_code >= 500:
            problems.append(f"{method} {url} as {actor}: {getattr(response, 'exc_info', None)}")

    safe = [(actor, method) for actor in ACTORS for method in methods if method in SAFE]
    # One fingerprint around all safe requests; only when it changed, one around each to name it.
    with rolled_back():
        before = fingerprint()
        for actor, method in safe:
            send(actor, method)
        changed = fingerprint() != before
    if changed:
        for actor, method in safe:
            with rolled_back():
                before = fingerprint()
                request(world, actor, method, url)
                after = fingerprint()
            tables = sorted(table for table in after if after[table] != before.get(table))
            if tables:
                problems.append(f"{method} {url} as {actor} changed {', '.join(tables)}")
    for actor in ACTORS:
        for method in methods:
            if method not in SAFE:
                with rolled_back():
                    send(actor, method)
    return seen, problems


def matches(expected, seen) -> bool:
    if expected == "inside":  # in the admin: anything but a way out to sign in, or a server error
        return seen not in {"sign-in", "admin-sign-in"} and not (isinstance(seen, int) and seen >= 500)
    return expected == seen


def admin_patterns(policy: dict = POLICY) -> list[tuple[str, URLPattern, str]]:
    """Admin addresses that the admin rule covers: those without an entry of their own."""
    entries = urls(policy)
    return [
        (name, pattern, route)
        for name, pattern, route in url_patterns()
        if name.startswith(policy["admin"]["prefix"]) and name not in entries
    ]


# --- the tests -------------------------------------------------------------------------------------


def test_it_has_a_policy_entry_for_every_url_pattern():
    entries = set(urls(POLICY))
    prefix = POLICY["admin"]["prefix"]
    missing = [name for name, *_rest in url_patterns() if name not in entries and not name.startswith(prefix)]
    assert missing == [], f"add these URL names to {POLICY_FILE.name}: {missing}"


def test_it_has_no_policy_entry_for_a_url_that_is_gone():
    names = {name for name, _pattern, _route in url_patterns()}
    assert sorted(set(urls(POLICY)) - names) == []


def test_it_reads_the_policy_as_written():
    """The notation works as the file's header says (a test of the reader, with a tiny policy)."""
    policy = {
        "defaults": {"method-not-listed": 405},
        "profiles": {"staff": {"all": 403, "anonymous": "sign-in", "secretariat": 200}},
    }
    expected = expected_outcomes(policy, {"GET": {"like": "staff", "committee": 200}, "POST": "GET"})
    assert expected["GET", "anonymous"] == "sign-in"
    assert expected["GET", "committee"] == expected["HEAD", "committee"] == 200
    assert expected["POST", "visitor"] == 403
    assert expected["DELETE", "secretariat"] == 405


@pytest.mark.parametrize(("name", "number", "case"), CASES, ids=[case_id(*case) for case in CASES])
def test_it_answers_as_the_policy_says(name, number, case, world):
    expected = expected_outcomes(POLICY, case)
    seen, problems = observe(world, name, case)
    wrong = [
        f"{method} as {actor}: expected {expected[method, actor]!r}, got {seen[method, actor]!r}"
        for (method, actor) in expected
        if not matches(expected[method, actor], seen[method, actor])
    ]
    assert problems + wrong == [], address(name, case, world.records)


ADMIN_PATTERNS = admin_patterns()


@pytest.mark.parametrize(("name", "pattern", "route"), ADMIN_PATTERNS, ids=[p[0] for p in ADMIN_PATTERNS])
def test_it_keeps_everyone_but_the_secretariat_out_of_the_admin(name, pattern, route, world):
    """The admin rule, on every admin address with GET (Django's admin_view wraps every admin view
    alike, whatever the method; the entries above check every method on the index, sign-in and out)."""
    if pattern.name:
        case = {"args": admin_arguments(name, pattern)}
    else:  # the admin's redirects to a record's change page, and its catch-all
        case = {"url": "/" + route.replace("<path:object_id>", "1").replace("(?P<url>.*)", "no-such-page/")}
    rule = {key: value for key, value in POLICY["admin"].items() if key in METHODS}
    expected = expected_outcomes(POLICY, rule)
    seen, problems = observe(world, name, case, methods=["GET"])
    wrong = [
        f"{method} as {actor}: expected {expected[method, actor]!r}, got {outcome!r}"
        for (method, actor), outcome in seen.items()
        if not matches(expected[method, actor], outcome)
    ]
    assert problems + wrong == [], address(name, case, world.records)
