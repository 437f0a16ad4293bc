"""Demo governance data, for development and demonstrations only: people, committee seat holders,
sector group leadership, meetings with attendance and minutes, demo decisions and three elections
(one finished, one open for voting, one in preparation).

Everything goes through governance.services (audited, indexed). Every person is fictitious and
marked "(demo)" in their name; meetings, decisions and elections carry the demo flag. The 2019 and
2021 committees and agreement No. 12/ກພລ are the real structure (governance.reference), not demo.

Needs the demo accounts (accounts.demo) and demo organizations (directory's seed_demo) first. Does
nothing when governance demo data exists already.
"""

import random
import zlib
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.services import user_create
from core.audit import audit_record
from core.models import District, Province, SectorGroup
from core.uploads import CheckedFile
from directory.models import Organization, OrganizationRole
from governance import services
from governance.models import CommitteeSeat, Election, Meeting, Person, SectorLeadership
from governance.reference import committee_history_load
from governance.selectors import current_term, group_members

SECRETARIAT = "secretariat@demo.laocso.org"
COMMITTEE = "committee@demo.laocso.org"
SECTOR_HEAD = "sectorhead@demo.laocso.org"
MEMBER = "member@demo.laocso.org"
EDITOR = "editor@demo.laocso.org"

WOMEN = [
    ("ນາງ ບົວພັນ", "Ms Bouaphanh"),
    ("ນາງ ຄຳແພງ", "Ms Khamphaeng"),
    ("ນາງ ມະນີວອນ", "Ms Manivone"),
    ("ນາງ ສຸດາລັດ", "Ms Soudalath"),
    ("ນາງ ພອນສະຫວັນ", "Ms Phonsavanh"),
    ("ນາງ ດາລາວັນ", "Ms Dalavanh"),
    ("ນາງ ຈັນທະລາ", "Ms Chanthala"),
    ("ນາງ ແສງເດືອນ", "Ms Sengdeuane"),
    ("ນາງ ນິດຕະຍາ", "Ms Nittaya"),
    ("ນາງ ວຽງສະໄໝ", "Ms Viengsamay"),
]
MEN = [
    ("ທ້າວ ສົມພອນ", "Mr Somphone"),
    ("ທ້າວ ບຸນທັນ", "Mr Bounthanh"),
    ("ທ້າວ ຄຳສອນ", "Mr Khamsone"),
    ("ທ້າວ ວິໄລ", "Mr Vilay"),
    ("ທ້າວ ສີສະຫວາດ", "Mr Sisavath"),
    ("ທ້າວ ທອງລາ", "Mr Thongla"),
    ("ທ້າວ ພູວົງ", "Mr Phouvong"),
    ("ທ້າວ ໄຊຍະສອນ", "Mr Xayasone"),
    ("ທ້າວ ອຸດອນ", "Mr Oudone"),
    ("ທ້າວ ແກ້ວ", "Mr Keo"),
]
FAMILY = [
    ("ສີວົງ", "Sivong"),
    ("ພົມມະຈັນ", "Phommachanh"),
    ("ແກ້ວມະນີ", "Keomany"),
    ("ວົງສາ", "Vongsa"),
    ("ອິນທະວົງ", "Inthavong"),
    ("ສຸລິຍະ", "Souliya"),
    ("ຈັນທະວົງ", "Chanthavong"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ບຸບຜາ", "Boupha"),
    ("ແສງອາລຸນ", "Sengaloun"),
]
POSITIONS = [
    ("ຜູ້ອຳນວຍການ", "Director"),
    ("ຮອງຜູ້ອຳນວຍການ", "Deputy director"),
    ("ປະທານ", "President"),
    ("ຜູ້ປະສານງານໂຄງການ", "Programme coordinator"),
]


def say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def demo_pdf(title: str, lines: list[str]) -> CheckedFile:
    """A small, valid one-page PDF (Helvetica, Latin text) for demo register entries."""

    def escape(text: str) -> str:
        safe = text.encode("latin-1", "replace").decode("latin-1")
        return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 60 780 Td ({escape(title)}) Tj ET"]
    rows += [f"BT /F1 11 Tf 60 {750 - 18 * n} Td ({escape(line)}) Tj ET" for n, line in enumerate(lines)]
    stream = zlib.compress("\n".join(rows).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    checked = CheckedFile(bytes(out))
    checked.extension = ".pdf"
    return checked


class People:
    """Fictitious people, each marked "(demo)", drawn without repeating a name."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, organization: Organization, *, user: User | None = None, by: User) -> Person:
        while True:
            female = self.rng.random() < 0.5
            given = self.rng.choice(WOMEN if female else MEN)
            family = self.rng.choice(FAMILY)
            if given[0] + family[0] not in self.used:
                break
        self.used.add(given[0] + family[0])
        position = self.rng.choice(POSITIONS)
        person = services.person_create(
            organization=organization,
            data={
                "name_lo": f"{given[0]} {family[0]} (demo)",
                "name_en": f"{given[1]} {family[1]} (demo)",
                "sex": "female" if female else "male",
                "position_lo": position[0],
                "position_en": position[1],
                "email": f"{family[1].lower()}.{organization.slug}@example.org",
            },
            by=by,
            is_demo=True,
        )
        if user is not None:
            Person.objects.filter(pk=person.pk).update(user=user)
            person.user = user
        return person


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def place(code: str) -> tuple[Province, District | None]:
    province = Province.objects.get(code=code)
    return province, province.districts.order_by("code").first()


def demo_representatives(organizations: list[Organization], count: int, *, by: User) -> list[User]:
    """Voting representatives for demo organizations that have no account on the platform yet."""
    users = []
    for organization in organizations:
        if len(users) == count:
            break
        if organization.roles.exists():
            continue
        email = f"vote.{organization.slug}@demo.laocso.org"
        user = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=DEMO_PASSWORD,
            full_name=f"{organization.acronym or organization.slug} (demo)",
        )
        OrganizationRole.objects.get_or_create(
            organization=organization, user=user, defaults={"kind": OrganizationRole.Kind.OWNER}
        )
        audit_record(actor=by, action="editor.add", target=organization, user=user.pk, note="demo")
        users.append(user)
    return users


def meeting(
    by: User,
    *,
    kind: str,
    title: tuple[str, str],
    start: datetime,
    hours: float,
    province: str,
    venue: tuple[str, str],
    group: SectorGroup | None = None,
    visibility: str = "public",
    minutes_visibility: str = "members",
    agenda: tuple[str, str] = ("", ""),
    organizers: tuple[str, str] = ("", ""),
    organizer_organizations=(),
) -> Meeting:
    province_row, district = place(province)
    return services.meeting_create(
        data={
            "kind": kind,
            "sector_group": group,
            "title_lo": title[0],
            "title_en": title[1],
            "starts_at": start,
            "ends_at": start + timedelta(hours=hours),
            "province": province_row,
            "district": district,
            "venue_lo": venue[0],
            "venue_en": venue[1],
            "organizers_lo": organizers[0],
            "organizers_en": organizers[1],
            "agenda_lo": agenda[0],
            "agenda_en": agenda[1],
            "visibility": visibility,
            "minutes_visibility": minutes_visibility,
            "registration_open": True,
        },
        organizer_organizations=organizer_organizations,
        by=by,
        is_demo=True,
    )


def attendance(meeting_row: Meeting, rng: random.Random, total: int, *, by: User) -> None:
    women = round(total * rng.uniform(0.3, 0.55))
    unspecified = rng.choice([0, 0, 0, 1, 2])
    services.attendance_record(
        meeting=meeting_row,
        total=total,
        women=women,
        men=total - women - unspecified,
        unspecified=unspecified,
        by=by,
    )


AGENDA_GROUP = (
    "1. ລາຍງານກິດຈະກຳຂອງສະມາຊິກໃນໄລຍະຜ່ານມາ\n2. ແຜນວຽກຂອງກຸ່ມ\n3. ການກະກຽມບົດລາຍງານການປະກອບສ່ວນ\n4. ບັນຫາອື່ນໆ",
    "1. Members' activities since the last meeting\n2. The group's work plan\n"
    "3. Preparing the report on CSO contributions\n4. Other business",
)


@transaction.atomic
def seed_demo(*, rng: random.Random, stdout=None) -> None:
    """Create the governance demo data (idempotent: nothing happens if it exists already)."""
    if Person.objects.filter(is_demo=True).exists():
        say(stdout, "Governance demo data exists already.")
        return
    users = {
        user.email: user
        for user in User.objects.filter(email__in=[SECRETARIAT, COMMITTEE, SECTOR_HEAD, MEMBER, EDITOR])
    }
    if SECRETARIAT not in users:
        raise ImproperlyConfigured("Create the demo accounts first (manage.py seed_demo).")
    secretariat = users[SECRETARIAT]
    committee_history_load()
    groups = list(SectorGroup.objects.all())
    members = {group.code: list(group_members(group)) for group in groups}
    if any(len(rows) < 4 for rows in members.values()):
        raise ImproperlyConfigured("Create the demo organizations first (each sector group needs members).")
    people = People(rng)
    today = timezone.localdate()

    # Sector group leadership: a head and one or two deputies per group, since mid-2023. FARD's head
    # is elected below, in the finished demo election.
    heads = {}
    for group in groups:
        pool = members[group.code]
        rng.shuffle(pool)
        if group.code == "FARD":
            previous = people.make(pool[0], by=secretariat)
            services.leadership_record(
                sector_group=group, person=previous, role="head", starts_on=date(2021, 11, 15), by=secretariat
            )
        else:
            heads[group.code] = people.make(pool[0], by=secretariat)
            services.leadership_record(
                sector_group=group,
                person=heads[group.code],
                role="head",
                starts_on=date(2023, 6, 20),
                term_ends_on=date(2026, 6, 30),
                by=secretariat,
            )
        for organization in pool[1 : 1 + rng.choice([1, 2])]:
            services.leadership_record(
                sector_group=group,
                person=people.make(organization, by=secretariat),
                role="deputy",
                starts_on=date(2023, 6, 20),
                term_ends_on=date(2026, 6, 30),
                by=secretariat,
            )
        services.sector_profile_update(
            sector_group=group,
            description_lo=(
                f"ກຸ່ມ{group.name_lo} ເຕົ້າໂຮມອົງການຈັດຕັ້ງສັງຄົມ ທີ່ເຮັດວຽກໃນຂົງເຂດນີ້, "
                "ແລກປ່ຽນບົດຮຽນ, ປະສານງານກັບພາກລັດ ແລະ ກະກຽມບົດລາຍງານການປະກອບສ່ວນປະຈຳປີ. (demo)"
            ),
            description_en=(
                f"The {group.name_en} group brings together the member organizations working in this field "
                "to share experience, coordinate with the government and prepare the yearly report on CSO "
                "contributions. (demo)"
            ),
            by=secretariat,
        )

    # The standing members of the current committee; the heads' seats follow the leadership records.
    term = current_term()
    everyone = list(Organization.objects.listed().order_by("pk"))
    standing = term.seats.exclude(kind=CommitteeSeat.Kind.SECTOR_HEAD).order_by("order") if term else []
    for index, seat in enumerate(standing):
        holder = people.make(
            everyone[(7 * index + 3) % len(everyone)],
            user=users.get(COMMITTEE) if index == 0 else None,
            by=secretariat,
        )
        services.seat_assign(seat=seat, person=holder, by=secretariat)

    # Meetings: the year's cycle, past and upcoming.
    assembly = meeting(
        secretariat,
        kind=Meeting.Kind.ASSEMBLY,
        title=("ກອງປະຊຸມໃຫຍ່ປະຈຳປີ ຂອງອົງການຈັດຕັ້ງສັງຄົມລາວ", "Annual assembly of Lao CSOs"),
        start=at(today - timedelta(days=170), 8, 30),
        hours=8.5,
        province="LA01",
        venue=("ຫ້ອງປະຊຸມໃຫຍ່ ສູນກາງ (demo)", "Main conference hall (demo)"),
        agenda=(
            "1. ລາຍງານຂອງຄະນະກຳມະການປະສານງານ\n2. ບົດລາຍງານການປະກອບສ່ວນເຂົ້າໃນແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ ແຫ່ງຊາດ\n"
            "3. ແຜນວຽກປີຕໍ່ໄປ",
            "1. Report of the coordination committee\n2. Report on CSO contributions to the NSEDP\n"
            "3. Next year's work plan",
        ),
        organizers=("ຄະນະກຳມະການປະສານງານ ແລະ ກອງເລຂາ", "Coordination committee and secretariat"),
        minutes_visibility="public",
    )
    attendance(assembly, rng, 118, by=secretariat)
    services.minutes_save(
        meeting=assembly,
        language="lo",
        text=(
            "ກອງປະຊຸມໄດ້ຮັບຮອງບົດລາຍງານປະຈຳປີ ຂອງຄະນະກຳມະການປະສານງານ ແລະ ໄດ້ປຶກສາຫາລື "
            "ກ່ຽວກັບການເກັບກຳຂໍ້ມູນໂຄງການຂອງສະມາຊິກ ເພື່ອບົດລາຍງານການປະກອບສ່ວນ. (demo)"
        ),
        by=secretariat,
    )
    services.minutes_save(
        meeting=assembly,
        language="en",
        text=(
            "The assembly adopted the coordination committee's yearly report and discussed how members "
            "collect data on their projects for the report on CSO contributions. (demo)"
        ),
        by=secretariat,
    )
    resolution = services.resolution_add(
        meeting=assembly,
        text_lo="ສະມາຊິກທຸກອົງການ ສົ່ງຂໍ້ມູນໂຄງການຂອງຕົນ ຜ່ານແພລັດຟອມ ພາຍໃນທ້າຍໄຕມາດ.",
        text_en=(
            "Every member organization submits its project data through the platform by the quarter's end."
        ),
        by=secretariat,
    )
    services.action_item_add(
        meeting=assembly,
        data={
            "task_lo": "ຈັດຝຶກອົບຮົມການນຳໃຊ້ແພລັດຟອມ ໃຫ້ສະມາຊິກ",
            "task_en": "Train members to use the platform",
            "responsible_lo": "ກອງເລຂາ",
            "responsible_en": "Secretariat",
            "due_on": today - timedelta(days=100),
            "resolution": resolution,
        },
        by=secretariat,
    )
    gov_cso = meeting(
        secretariat,
        kind=Meeting.Kind.GOVERNMENT_CSO,
        title=(
            "ກອງປະຊຸມປະຈຳປີ ລະຫວ່າງລັດຖະບານ ແລະ ອົງການຈັດຕັ້ງສັງຄົມລາວ",
            "Annual meeting between the Government and Lao CSOs",
        ),
        start=at(today - timedelta(days=150), 8, 0),
        hours=8,
        province="LA01",
        venue=("ຫ້ອງປະຊຸມ ກະຊວງພາຍໃນ (demo)", "Ministry of Home Affairs meeting hall (demo)"),
        organizers=(
            "ກະຊວງພາຍໃນ ແລະ ຄະນະກຳມະການປະສານງານ",
            "Ministry of Home Affairs and the coordination committee",
        ),
        minutes_visibility="public",
    )
    attendance(gov_cso, rng, 164, by=secretariat)
    fair_start = at(today - timedelta(days=120), 8, 0)
    fair = meeting(
        secretariat,
        kind=Meeting.Kind.CSO_FAIR,
        title=("ງານວາງສະແດງອົງການຈັດຕັ້ງສັງຄົມ ລະດັບຊາດ", "National CSO Fair"),
        start=fair_start,
        hours=34,
        province="LA01",
        venue=("ສູນວາງສະແດງ (demo)", "Exhibition centre (demo)"),
        organizers=("ກອງເລຂາ", "Secretariat"),
    )
    attendance(fair, rng, 420, by=secretariat)
    committee_meeting = meeting(
        secretariat,
        kind=Meeting.Kind.COMMITTEE,
        title=("ກອງປະຊຸມຄະນະກຳມະການປະສານງານ", "Coordination committee meeting"),
        start=at(today - timedelta(days=60), 9, 0),
        hours=3,
        province="LA01",
        venue=("ຫ້ອງການກອງເລຂາ (demo)", "Secretariat office (demo)"),
        visibility="members",
    )
    attendance(committee_meeting, rng, 11, by=secretariat)
    services.minutes_save(
        meeting=committee_meeting,
        language="en",
        text=(
            "The committee reviewed the preparation of the sector group elections and agreed the calendar "
            "of meetings. Members-only minutes. (demo)"
        ),
        by=secretariat,
    )
    services.action_item_add(
        meeting=committee_meeting,
        data={
            "task_en": "Send the election calendar to all sector groups",
            "task_lo": "ສົ່ງປະຕິທິນການເລືອກຕັ້ງ ໃຫ້ທຸກກຸ່ມຂະແໜງການ",
            "responsible_en": "Secretariat",
            "responsible_lo": "ກອງເລຂາ",
            "due_on": today - timedelta(days=45),
        },
        by=secretariat,
    )

    group_meetings = {}
    for offset, group in enumerate(groups):
        past = meeting(
            secretariat,
            kind=Meeting.Kind.SECTOR_GROUP,
            group=group,
            title=(f"ກອງປະຊຸມກຸ່ມ{group.name_lo}", f"{group.name_en} group meeting"),
            start=at(today - timedelta(days=12 + 9 * offset), 9, 0),
            hours=4,
            province=rng.choice(["LA01", "LA01", "LA06", "LA13", "LA10"]),
            venue=("ຫ້ອງປະຊຸມຂອງອົງການສະມາຊິກ (demo)", "Meeting room of a member organization (demo)"),
            agenda=AGENDA_GROUP,
            organizer_organizations=members[group.code][:1],
        )
        attendance(past, rng, rng.randint(14, 40), by=secretariat)
        services.minutes_save(
            meeting=past,
            language="lo",
            text=f"ສະມາຊິກກຸ່ມ{group.name_lo} ໄດ້ແລກປ່ຽນແຜນວຽກ ແລະ ຕົກລົງປະຕິທິນການລາຍງານ. (demo)",
            by=secretariat,
        )
        services.action_item_add(
            meeting=past,
            data={
                "task_lo": "ສົ່ງແຜນວຽກປີ ໃຫ້ຫົວໜ້າກຸ່ມ",
                "task_en": "Send the yearly work plan to the group head",
                "responsible_organization": members[group.code][1],
                "due_on": today + timedelta(days=20),
            },
            by=secretariat,
        )
        group_meetings[group.code] = past
    for days, group in [(10, groups[0]), (24, groups[2]), (38, groups[5])]:
        upcoming = meeting(
            secretariat,
            kind=Meeting.Kind.SECTOR_GROUP,
            group=group,
            title=(f"ກອງປະຊຸມປະຈຳໄຕມາດ ກຸ່ມ{group.name_lo}", f"{group.name_en} group: quarterly meeting"),
            start=at(today + timedelta(days=days), 9, 0),
            hours=3.5,
            province="LA01",
            venue=("ຫ້ອງປະຊຸມກອງເລຂາ (demo)", "Secretariat meeting room (demo)"),
            agenda=AGENDA_GROUP,
        )
        for organization in members[group.code][:3]:
            services.registration_create(
                meeting=upcoming,
                organization=organization,
                women=rng.randint(0, 2),
                men=rng.randint(1, 2),
                by=secretariat,
            )
    meeting(
        secretariat,
        kind=Meeting.Kind.COMMITTEE,
        title=("ກອງປະຊຸມຄະນະກຳມະການປະສານງານ ໄຕມາດ", "Coordination committee: quarterly meeting"),
        start=at(today + timedelta(days=30), 14, 0),
        hours=2,
        province="LA01",
        venue=("ຫ້ອງການກອງເລຂາ (demo)", "Secretariat office (demo)"),
        visibility="members",
    )
    meeting(
        secretariat,
        kind=Meeting.Kind.ASSEMBLY,
        title=("ກອງປະຊຸມໃຫຍ່ປະຈຳປີ ຂອງອົງການຈັດຕັ້ງສັງຄົມລາວ (ຄັ້ງຕໍ່ໄປ)", "Annual assembly of Lao CSOs (next)"),
        start=at(today + timedelta(days=75), 8, 30),
        hours=8.5,
        province="LA01",
        venue=("ຫ້ອງປະຊຸມໃຫຍ່ ສູນກາງ (demo)", "Main conference hall (demo)"),
        agenda=(
            "1. ລາຍງານປະຈຳປີ\n2. ເລືອກຕັ້ງຄະນະກຳມະການປະສານງານ\n3. ແຜນວຽກ",
            "1. Yearly report\n2. Election of the coordination committee\n3. Work plan",
        ),
    )

    # The decisions register: fictitious documents after the real agreement No. 12/ກພລ.
    services.decision_create(
        data={
            "number": "01/ຄປສ (demo)",
            "issued_on": today - timedelta(days=169),
            "kind": "resolution",
            "issuing_body_lo": "ກອງປະຊຸມໃຫຍ່ປະຈຳປີ ຂອງອົງການຈັດຕັ້ງສັງຄົມລາວ",
            "issuing_body_en": "Annual assembly of Lao CSOs",
            "title_lo": "ມະຕິ ກອງປະຊຸມໃຫຍ່ປະຈຳປີ ວ່າດ້ວຍການລາຍງານການປະກອບສ່ວນ",
            "title_en": "Resolution of the annual assembly on reporting CSO contributions",
            "summary_en": "Members report their projects through the platform every year. (demo)",
            "meeting": assembly,
            "term": term,
            "visibility": "public",
        },
        file=demo_pdf(
            "Resolution 01 (demo)", ["Annual assembly of Lao CSOs", "Demo document: not a real resolution."]
        ),
        by=secretariat,
        is_demo=True,
    )
    services.decision_create(
        data={
            "number": "05/ຄປສ (demo)",
            "issued_on": today - timedelta(days=59),
            "kind": "decision",
            "issuing_body_lo": "ຄະນະກຳມະການປະສານງານອົງການຈັດຕັ້ງສັງຄົມ",
            "issuing_body_en": "Lao CSO Coordination Committee",
            "title_lo": "ຂໍ້ຕົກລົງ ວ່າດ້ວຍລະບຽບການເລືອກຕັ້ງຫົວໜ້າກຸ່ມຂະແໜງການ",
            "title_en": "Decision on the rules for electing sector group heads",
            "summary_en": "One member organization, one ballot; ties by drawing lots. (demo)",
            "meeting": committee_meeting,
            "term": term,
            "visibility": "members",
        },
        file=demo_pdf("Decision 05 (demo)", ["Rules for electing sector group heads", "Demo document."]),
        by=secretariat,
        is_demo=True,
    )
    services.decision_create(
        data={
            "number": "23/ກລຂ (demo)",
            "issued_on": today - timedelta(days=30),
            "kind": "notice",
            "issuing_body_lo": "ກອງເລຂາ",
            "issuing_body_en": "Secretariat",
            "title_lo": "ແຈ້ງການ ກ່ຽວກັບກອງປະຊຸມໃຫຍ່ປະຈຳປີ",
            "title_en": "Notice of the annual assembly",
            "visibility": "public",
        },
        by=secretariat,
        is_demo=True,
    )

    # A finished election: the head of FARD, at the group's last meeting.
    fard = next(group for group in groups if group.code == "FARD")
    fard_pool = members["FARD"]
    own = {
        email: OrganizationRole.objects.filter(user=users[email]).select_related("organization").first()
        for email in (MEMBER, EDITOR)
        if email in users
    }
    fard_orgs = [row.organization for row in own.values() if row and row.organization.status == "active"]
    new_head = people.make(
        next(org for org in fard_pool if org not in fard_orgs), user=users.get(SECTOR_HEAD), by=secretariat
    )
    rival = people.make(
        next(org for org in reversed(fard_pool) if org not in fard_orgs and org != new_head.organization),
        by=secretariat,
    )
    now = timezone.now()
    finished = services.election_create(
        data={
            "kind": Election.Kind.SECTOR_HEAD,
            "sector_group": fard,
            "title_lo": f"ເລືອກຕັ້ງຫົວໜ້າກຸ່ມ{fard.name_lo}",
            "title_en": f"Election of the head of the {fard.name_en} group",
            "meeting": group_meetings["FARD"],
            "opens_at": now - timedelta(minutes=1),
            "closes_at": now + timedelta(hours=1),
            "tie_rule": Election.TieRule.LOTS,
            "term_ends_on": date(today.year + 3, 6, 30),
            "visibility": "public",
        },
        by=secretariat,
        is_demo=True,
    )
    for person in (new_head, rival):
        candidate = services.candidate_nominate(election=finished, person=person, by=secretariat)
        services.candidate_respond(candidate=candidate, accept=True, by=secretariat)
    services.election_open(election=finished, by=secretariat)
    voters = []
    if own.get(MEMBER):
        voters.append((own[MEMBER].organization, users[MEMBER]))
    if own.get(EDITOR):
        services.representative_designate(
            organization=own[EDITOR].organization, user=users[EDITOR], by=secretariat
        )
        voters.append((own[EDITOR].organization, users[EDITOR]))
    others = [org for org in fard_pool if org not in fard_orgs]
    for user in demo_representatives(others, 4, by=secretariat):
        voters.append((user.organization_roles.get().organization, user))
    head_candidate, rival_candidate = finished.candidates.order_by("pk")
    choices = [
        [head_candidate.pk],
        [head_candidate.pk],
        [rival_candidate.pk],
        [head_candidate.pk],
        [],
        [rival_candidate.pk],
    ]
    for (organization, user), choice in zip(voters, choices, strict=False):
        services.ballot_cast(election=finished, organization=organization, candidate_ids=choice, by=user)
    # Demo only: the vote took place at the group's meeting, so move the voting window to it.
    held = group_meetings["FARD"].starts_at
    Election.objects.filter(pk=finished.pk).update(
        opens_at=held + timedelta(hours=2), closes_at=held + timedelta(hours=3)
    )
    services.election_close(election=finished, by=secretariat)

    # Voting now: FARD's two deputy heads (the demo member and editor accounts have not voted yet).
    deputies = services.election_create(
        data={
            "kind": Election.Kind.SECTOR_DEPUTY,
            "sector_group": fard,
            "seats": 2,
            "title_lo": f"ເລືອກຕັ້ງຮອງຫົວໜ້າກຸ່ມ{fard.name_lo} (2 ທ່ານ)",
            "title_en": f"Election of the two deputy heads of the {fard.name_en} group",
            "opens_at": now - timedelta(hours=1),
            "closes_at": now + timedelta(days=14),
            "tie_rule": Election.TieRule.SENIORITY,
            "term_ends_on": date(today.year + 3, 6, 30),
            "visibility": "members",
        },
        by=secretariat,
        is_demo=True,
    )
    for organization in fard_pool[2:5]:
        candidate = services.candidate_nominate(
            election=deputies,
            person=people.make(organization, by=secretariat),
            statement_en="I will keep the group's members informed and help them report. (demo)",
            by=secretariat,
        )
        services.candidate_respond(candidate=candidate, accept=True, by=secretariat)
    services.election_open(election=deputies, by=secretariat)

    # In preparation: the head of Public Health, whose term ends next year.
    ph = next(group for group in groups if group.code == "PH")
    draft = services.election_create(
        data={
            "kind": Election.Kind.SECTOR_HEAD,
            "sector_group": ph,
            "title_lo": f"ເລືອກຕັ້ງຫົວໜ້າກຸ່ມ{ph.name_lo}",
            "title_en": f"Election of the head of the {ph.name_en} group",
            "opens_at": now + timedelta(days=40),
            "closes_at": now + timedelta(days=40, hours=3),
            "tie_rule": Election.TieRule.LOTS,
            "visibility": "members",
        },
        by=secretariat,
        is_demo=True,
    )
    services.candidate_nominate(election=draft, person=heads["PH"], by=secretariat)
    count = Person.objects.filter(is_demo=True).count()
    say(
        stdout,
        f"Governance demo: {count} people, {Meeting.objects.filter(is_demo=True).count()} meetings, "
        f"{SectorLeadership.objects.count()} leadership records, 3 elections (one open for voting).",
    )
