"""The committees the network has had, as recorded in its own description (DESIGN §1): loaded as
structure, never as names. Seats whose holders the sources do not name are "not recorded"; demo
names come only from governance.demo.

Loading creates what is missing and leaves existing rows alone, so the secretariat's corrections
(a date, a holder) survive a re-run. It needs the sector groups of core's reference data.
"""

from datetime import date

from django.db import transaction

from core.models import SectorGroup
from governance.models import CommitteeSeat, CommitteeTerm, Decision

MOHA_DPAD_LO = "ກົມພັດທະນາການບໍລິຫານລັດ, ກະຊວງພາຍໃນ"
MOHA_DPAD_EN = "Department of Public Administration Development, Ministry of Home Affairs"

AGREEMENT_2021 = {
    "number": "12/ກພລ",
    "issued_on": date(2021, 10, 22),
    "kind": Decision.Kind.AGREEMENT,
    "issuing_body_lo": MOHA_DPAD_LO,
    "issuing_body_en": MOHA_DPAD_EN,
    "title_lo": "ຂໍ້ຕົກລົງ ວ່າດ້ວຍການຮັບຮອງ ຄະນະກຳມະການປະສານງານອົງການຈັດຕັ້ງສັງຄົມ (LCCC)",
    "title_en": "Agreement endorsing the Lao CSO Coordination Committee (LCCC)",
    "summary_lo": (
        "ຄະນະກຳມະການປະສານງານຊຸດໃໝ່ 11 ທ່ານ (ຄະນະປະຈຳ 4 ທ່ານ ແລະ ຫົວໜ້າກຸ່ມ 7 ກຸ່ມຫຼັກ) "
        "ທີ່ໄດ້ຮັບການຄັດເລືອກໃນກອງປະຊຸມໃຫຍ່ປະຈຳປີ 2021, ລົງວັນທີ 22 ຕຸລາ 2021, ນະຄອນຫຼວງວຽງຈັນ."
    ),
    "summary_en": (
        "Endorses the 11-member coordination committee (4 standing members and the heads of the 7 "
        "sector groups) chosen at the 2021 annual assembly. Dated 22 October 2021, Vientiane Capital. "
        "The network's English web page gives the year as 2022; the Lao text says 2021."
    ),
    "visibility": "public",
}

TERM_2019 = {
    "name_lo": "ຄະນະກຳມະການປະສານງານ 2019",
    "name_en": "Coordination committee 2019",
    "starts_on": date(2019, 1, 1),
    "starts_year_only": True,
    "ends_on": date(2021, 10, 22),
    "seat_count": 9,
    "note_lo": (
        "9 ທ່ານ, ຕາງໜ້າ 9 ຂະແໜງການຫຼັກ; ຮັບຮອງໂດຍ ກົມພັດທະນາການບໍລິຫານລັດ, ກະຊວງພາຍໃນ. "
        "ເລກທີຂອງຂໍ້ຕົກລົງ ແລະ ຊື່ຂອງກຳມະການ ບໍ່ໄດ້ບັນທຶກໄວ້."
    ),
    "note_en": (
        "9 members, one for each of 9 main sectors; recognized by the Department of Public "
        "Administration Development, Ministry of Home Affairs. The number of the agreement and the "
        "names of the members are not recorded."
    ),
}

TERM_2021 = {
    "name_lo": "ຄະນະກຳມະການປະສານງານ 2021",
    "name_en": "Coordination committee 2021",
    "starts_on": date(2021, 10, 22),
    "starts_year_only": False,
    "ends_on": None,
    "seat_count": 11,
    "note_lo": (
        "ຄັດເລືອກໃນກອງປະຊຸມໃຫຍ່ປະຈຳປີ 2021: ຄະນະປະຈຳ 4 ທ່ານ ແລະ ຫົວໜ້າກຸ່ມ 7 ກຸ່ມຫຼັກ. "
        "ການແບ່ງໜ້າທີ່ໃນຄະນະປະຈຳ (ປະທານ, ຮອງປະທານ) ແມ່ນຕາມທີ່ກອງເລຂາບັນທຶກ."
    ),
    "note_en": (
        "Chosen at the 2021 annual assembly: 4 standing members and the heads of the 7 sector groups. "
        "The split of the standing seats (chair, vice-chair, members) is as the secretariat records it."
    ),
}

# The standing seats of 2021: the sources say "4 standing members"; the split is an assumption the
# secretariat can correct in the admin.
STANDING_2021 = [
    CommitteeSeat.Kind.CHAIR,
    CommitteeSeat.Kind.VICE_CHAIR,
    CommitteeSeat.Kind.STANDING,
    CommitteeSeat.Kind.STANDING,
]


@transaction.atomic
def committee_history_load() -> dict[str, int]:
    """Create the 2019 and 2021 committees, their seats and the 2021 endorsing agreement (the first
    row of the decisions register) where they are missing. Returns how many rows were created."""
    if SectorGroup.objects.count() < 7:
        raise ValueError("The sector groups are missing: load core's reference data first.")
    created = {"decisions": 0, "terms": 0, "seats": 0}
    agreement = Decision.objects.filter(
        number=AGREEMENT_2021["number"], issued_on=AGREEMENT_2021["issued_on"]
    ).first()
    if agreement is None:
        from governance.index import decision_index

        agreement = Decision.objects.create(**AGREEMENT_2021)
        decision_index(agreement)
        created["decisions"] += 1

    term_2019, new = CommitteeTerm.objects.get_or_create(starts_on=TERM_2019["starts_on"], defaults=TERM_2019)
    created["terms"] += new
    if new:
        for number in range(1, 10):
            CommitteeSeat.objects.create(
                term=term_2019,
                kind=CommitteeSeat.Kind.SECTOR_MEMBER,
                order=number,
                sector_label_lo=f"ຂະແໜງການ {number} (ຊື່ບໍ່ໄດ້ບັນທຶກ)",
                sector_label_en=f"sector {number} (name not recorded)",
                status=CommitteeSeat.Status.NOT_RECORDED,
            )
            created["seats"] += 1

    term_2021, new = CommitteeTerm.objects.get_or_create(
        starts_on=TERM_2021["starts_on"], defaults={**TERM_2021, "endorsing_decision": agreement}
    )
    created["terms"] += new
    if new:
        for order, kind in enumerate(STANDING_2021, start=1):
            CommitteeSeat.objects.create(
                term=term_2021, kind=kind, order=order, status=CommitteeSeat.Status.NOT_RECORDED
            )
            created["seats"] += 1
        for offset, group in enumerate(SectorGroup.objects.order_by("order", "code")[:7], start=1):
            CommitteeSeat.objects.create(
                term=term_2021,
                kind=CommitteeSeat.Kind.SECTOR_HEAD,
                order=len(STANDING_2021) + offset,
                sector_group=group,
                status=CommitteeSeat.Status.NOT_RECORDED,
            )
            created["seats"] += 1
        if agreement.term_id is None:
            agreement.term = term_2021
            agreement.save(update_fields=["term"])
    return created
