"""`manage.py seed_demo`: demo accounts and fictitious member organizations, for development only.

Demo organizations are the ones whose slug starts with `demo-` (slugs never change after creation,
so an edited demo profile stays recognisable). Running the command again with the same arguments
adds nothing; with a larger `--orgs` it adds the missing ones. Everything is drawn from
`random.Random` seeded per organization (`--seed` and the organization's number), so the same
arguments give the same names on every machine.

Names are composed from real Lao words (type + purpose + place, with the place names of the
reference tables) and their English equivalents; addresses and people are invented, email
domains are under example.org. Small seeds go through the directory services (versions, audit,
search index); large ones (`--bulk`, automatic above BULK_FROM) insert in batches and rebuild the
search index at the end, which takes a few minutes for 100,000 organizations.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import StringIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

import lao
from accounts.demo import DEMO_PASSWORD, demo_accounts_create
from accounts.models import User
from accounts.services import user_create
from core.cache import page_cache_bump
from core.demo import analyze_after_bulk_load
from core.models import District, Province, SectorGroup, Theme
from directory import services
from directory.index import organization_index
from directory.models import (
    MembershipApplication,
    MembershipEvent,
    Organization,
    OrganizationRole,
    Visibility,
)
from search.models import SearchEntry

DEMO_SLUG_PREFIX = "demo-"
BULK_FROM = 1000  # above this many new organizations, services (about 40 ms each) are too slow
BATCH = 2000
SECRETARIAT_EMAIL = "secretariat@demo.laocso.org"
OWNER_EMAIL = "member@demo.laocso.org"
EDITOR_EMAIL = "editor@demo.laocso.org"
FIRST_REGISTRATION_NUMBER = 101
REGISTRATION_DAYS = (date(2009, 1, 1), date(2024, 12, 31))  # Decree 115 on associations dates from 2009


@dataclass(frozen=True)
class OrgType:
    lo: str
    en: str
    legal_form: str
    letter: str
    weight: int


TYPES = [
    OrgType("ສະມາຄົມ", "Association", Organization.LegalForm.ASSOCIATION, "A", 70),
    OrgType("ມູນນິທິ", "Foundation", Organization.LegalForm.FOUNDATION, "F", 15),
    OrgType("ສູນ", "Centre", Organization.LegalForm.ASSOCIATION, "C", 8),  # centres register as associations
    OrgType("ເຄືອຂ່າຍ", "Network", Organization.LegalForm.NETWORK, "N", 7),
]


@dataclass(frozen=True)
class Purpose:
    """What an organization is for, as it appears in its name and mission."""

    lo: str  # after the type word: ສະມາຄົມ + ພັດທະນາຊຸມຊົນ
    lo_for: str  # after ເພື່ອ: ສະມາຄົມເພື່ອ + ການພັດທະນາຊຸມຊົນ
    en: str  # before the type word: Community Development + Association
    en_for: str  # after "for": Association for + Community Development
    letters: str  # acronym letters
    sectors: tuple[str, ...]  # sector group codes, the likeliest main group first
    themes: tuple[str, ...]  # theme codes
    goal_lo: str  # mission: ແນໃສ່ + goal
    goal_en: str  # mission: We aim to + goal


PURPOSES = [
    Purpose("ພັດທະນາຊຸມຊົນ", "ການພັດທະນາຊຸມຊົນ", "Community Development", "Community Development", "CD",
            ("FARD", "GOV"), ("SERV", "ECON", "AGRI"),
            "ປັບປຸງຊີວິດການເປັນຢູ່ຂອງຊຸມຊົນ", "improve the living conditions of communities"),
    Purpose("ພັດທະນາຊົນນະບົດ", "ການພັດທະນາຊົນນະບົດ", "Rural Development", "Rural Development", "RD",
            ("FARD",), ("AGRI", "FOOD"),
            "ຫຼຸດຜ່ອນຄວາມທຸກຍາກຂອງປະຊາຊົນໃນເຂດຊົນນະບົດ", "reduce poverty among rural people"),
    Purpose("ສົ່ງເສີມກະສິກຳ", "ການສົ່ງເສີມກະສິກຳ", "Agriculture Promotion", "the Promotion of Agriculture",
            "AP", ("FARD",), ("AGRI", "FOOD"),
            "ສົ່ງເສີມການຜະລິດກະສິກຳແບບຍືນຍົງ", "promote sustainable farming"),
    Purpose("ກະສິກຳອິນຊີ", "ກະສິກຳອິນຊີ", "Organic Agriculture", "Organic Agriculture", "OA",
            ("FARD", "ENV"), ("AGRI", "NRM"),
            "ສົ່ງເສີມການຜະລິດກະສິກຳອິນຊີ ແລະ ການເຂົ້າເຖິງຕະຫຼາດ", "promote organic farming and access to markets"),
    Purpose("ອະນຸລັກປ່າໄມ້", "ການອະນຸລັກປ່າໄມ້", "Forest Conservation", "Forest Conservation", "FC",
            ("ENV", "FARD"), ("NRM",),
            "ປົກປັກຮັກສາປ່າໄມ້ ແລະ ຊີວະນາໆພັນ", "protect forests and biodiversity"),
    Purpose("ອະນຸລັກສິ່ງແວດລ້ອມ", "ການອະນຸລັກສິ່ງແວດລ້ອມ", "Environmental Conservation", "Environmental Conservation",
            "EC", ("ENV",), ("NRM", "DRR"),
            "ປົກປັກຮັກສາສິ່ງແວດລ້ອມ ແລະ ຊັບພະຍາກອນທຳມະຊາດ", "protect the environment and natural resources"),
    Purpose("ນ້ຳສະອາດ ແລະ ສຸຂາພິບານ", "ນ້ຳສະອາດ ແລະ ສຸຂາພິບານ", "Clean Water and Sanitation",
            "Clean Water and Sanitation", "WS", ("PH",), ("HEALTH",),
            "ເພີ່ມການເຂົ້າເຖິງນ້ຳສະອາດ ແລະ ສຸຂາພິບານ", "widen access to clean water and sanitation"),
    Purpose("ສົ່ງເສີມສຸຂະພາບ", "ການສົ່ງເສີມສຸຂະພາບ", "Health Promotion", "Health Promotion", "HP",
            ("PH",), ("HEALTH",),
            "ປັບປຸງສຸຂະພາບຂອງຄອບຄົວ", "improve the health of families"),
    Purpose("ສຸຂະພາບແມ່ ແລະ ເດັກ", "ສຸຂະພາບແມ່ ແລະ ເດັກ", "Mother and Child Health", "Mother and Child Health",
            "MCH", ("PH",), ("HEALTH", "GENDER"),
            "ຫຼຸດຜ່ອນການເສຍຊີວິດຂອງແມ່ ແລະ ເດັກ", "reduce maternal and child deaths"),
    Purpose("ສົ່ງເສີມການສຶກສາ", "ການສົ່ງເສີມການສຶກສາ", "Education Promotion", "the Promotion of Education", "EP",
            ("EDSP",), ("EDU",),
            "ຍົກສູງຄຸນນະພາບການສຶກສາ", "raise the quality of education"),
    Purpose("ພັດທະນາເດັກ", "ການພັດທະນາເດັກ", "Child Development", "Child Development", "CD",
            ("EDSP", "PH"), ("EDU", "HEALTH"),
            "ສົ່ງເສີມການພັດທະນາຂອງເດັກກ່ອນໄວຮຽນ", "support the development of young children"),
    Purpose("ພັດທະນາໄວໜຸ່ມ", "ການພັດທະນາໄວໜຸ່ມ", "Youth Development", "Youth Development", "YD",
            ("EDSP", "LDSP"), ("EDU", "LABOUR"),
            "ສ້າງໂອກາດໃຫ້ໄວໜຸ່ມ ໃນການຮຽນ ແລະ ການເຮັດວຽກ", "open opportunities for young people to learn and work"),
    Purpose("ພັດທະນາແມ່ຍິງ", "ການພັດທະນາແມ່ຍິງ", "Women's Development", "Women's Development", "WD",
            ("GOV", "EICT"), ("GENDER", "ECON"),
            "ເສີມສ້າງບົດບາດຂອງແມ່ຍິງ ໃນຄອບຄົວ ແລະ ສັງຄົມ", "strengthen the role of women in the family and society"),
    Purpose("ສົ່ງເສີມສິດທິແມ່ຍິງ", "ການສົ່ງເສີມສິດທິແມ່ຍິງ", "Women's Rights", "Women's Rights", "WR",
            ("GOV",), ("GENDER", "JUST"),
            "ສົ່ງເສີມຄວາມສະເໝີພາບຍິງ-ຊາຍ", "advance equality between women and men"),
    Purpose("ຊ່ວຍເຫຼືອຄົນພິການ", "ການຊ່ວຍເຫຼືອຄົນພິການ", "Disability Support", "Persons with Disabilities", "DS",
            ("LDSP",), ("DISAB",),
            "ໃຫ້ຄົນພິການເຂົ້າເຖິງການບໍລິການ ແລະ ມີສ່ວນຮ່ວມໃນສັງຄົມ",
            "enable persons with disabilities to use services and take part in society"),
    Purpose("ພັດທະນາອາຊີບ", "ການພັດທະນາອາຊີບ", "Livelihood Development", "Livelihood Development", "LD",
            ("EICT", "LDSP"), ("ECON", "LABOUR"),
            "ເພີ່ມລາຍຮັບຂອງຄອບຄົວ ດ້ວຍອາຊີບທີ່ໝັ້ນຄົງ", "raise family incomes through secure livelihoods"),
    Purpose("ສົ່ງເສີມສີມືແຮງງານ", "ການສົ່ງເສີມສີມືແຮງງານ", "Vocational Skills", "Vocational Skills", "VS",
            ("LDSP", "EDSP"), ("LABOUR", "EDU"),
            "ຝຶກສີມືແຮງງານໃຫ້ໄວໜຸ່ມ ແລະ ແມ່ຍິງ", "train young people and women in vocational skills"),
    Purpose("ອະນຸລັກວັດທະນະທຳ", "ການອະນຸລັກວັດທະນະທຳ", "Cultural Heritage", "Cultural Heritage", "CH",
            ("EICT",), ("CULT",),
            "ປົກປັກຮັກສາ ແລະ ສົ່ງເສີມມໍລະດົກວັດທະນະທຳ", "safeguard and promote cultural heritage"),
    Purpose("ທ່ອງທ່ຽວແບບຊຸມຊົນ", "ການທ່ອງທ່ຽວແບບຊຸມຊົນ", "Community Tourism", "Community Tourism", "CT",
            ("EICT",), ("ECON", "CULT"),
            "ສ້າງລາຍຮັບໃຫ້ຊຸມຊົນ ຈາກການທ່ອງທ່ຽວ", "bring communities an income from tourism"),
    Purpose("ສົ່ງເສີມການມີສ່ວນຮ່ວມ", "ການສົ່ງເສີມການມີສ່ວນຮ່ວມ", "Participatory Development", "Citizen Participation",
            "PD", ("GOV",), ("SERV", "JUST"),
            "ສົ່ງເສີມການມີສ່ວນຮ່ວມຂອງປະຊາຊົນ ໃນການພັດທະນາທ້ອງຖິ່ນ",
            "encourage people to take part in local development"),
    Purpose("ເຜີຍແຜ່ກົດໝາຍ", "ການເຜີຍແຜ່ກົດໝາຍ", "Legal Awareness", "Legal Awareness", "LA",
            ("GOV",), ("JUST",),
            "ເຜີຍແຜ່ຄວາມຮູ້ດ້ານກົດໝາຍ ໃຫ້ປະຊາຊົນ", "spread knowledge of the law among citizens"),
    Purpose("ຫຼຸດຜ່ອນຄວາມສ່ຽງໄພພິບັດ", "ການຫຼຸດຜ່ອນຄວາມສ່ຽງໄພພິບັດ", "Disaster Risk Reduction",
            "Disaster Risk Reduction", "DRR", ("ENV",), ("DRR", "NRM"),
            "ກະກຽມຊຸມຊົນ ໃຫ້ຮັບມືກັບໄພພິບັດ", "prepare communities for disasters"),
    Purpose("ຄວາມໝັ້ນຄົງດ້ານສະບຽງອາຫານ", "ຄວາມໝັ້ນຄົງດ້ານສະບຽງອາຫານ", "Food Security", "Food Security", "FS",
            ("FARD", "PH"), ("FOOD", "AGRI"),
            "ຮັບປະກັນໃຫ້ທຸກຄອບຄົວມີອາຫານພຽງພໍຕະຫຼອດປີ", "make sure every family has enough food all year"),
    Purpose("ສົ່ງເສີມໂພຊະນາການ", "ການສົ່ງເສີມໂພຊະນາການ", "Nutrition", "Better Nutrition", "N",
            ("PH",), ("HEALTH", "FOOD"),
            "ຫຼຸດຜ່ອນການຂາດສານອາຫານຂອງເດັກ", "reduce malnutrition among children"),
    Purpose("ພັດທະນາການປະມົງ", "ການພັດທະນາການປະມົງ", "Fisheries Development", "Fisheries Development", "FD",
            ("FARD", "ENV"), ("AGRI", "NRM"),
            "ຄຸ້ມຄອງການປະມົງ ແລະ ແຫຼ່ງນ້ຳ ແບບຍືນຍົງ", "manage fisheries and waters sustainably"),
    Purpose("ສະຫວັດດີການສັງຄົມ", "ສະຫວັດດີການສັງຄົມ", "Social Welfare", "Social Welfare", "SW",
            ("LDSP",), ("LABOUR", "SERV"),
            "ຊ່ວຍເຫຼືອຄອບຄົວທີ່ທຸກຍາກ ແລະ ດ້ອຍໂອກາດ", "assist poor and disadvantaged families"),
    Purpose("ຊ່ວຍເຫຼືອຜູ້ສູງອາຍຸ", "ການຊ່ວຍເຫຼືອຜູ້ສູງອາຍຸ", "Elderly Care", "Older People", "EC",
            ("LDSP", "PH"), ("LABOUR", "HEALTH"),
            "ດູແລສຸຂະພາບ ແລະ ຊີວິດການເປັນຢູ່ຂອງຜູ້ສູງອາຍຸ", "care for the health and wellbeing of older people"),
    Purpose("ພະລັງງານທົດແທນ", "ພະລັງງານທົດແທນ", "Renewable Energy", "Renewable Energy", "RE",
            ("ENV", "EICT"), ("NRM", "ECON"),
            "ນຳໃຊ້ພະລັງງານແສງຕາເວັນ ແລະ ພະລັງງານນ້ຳຂະໜາດນ້ອຍ ໃນຊົນນະບົດ",
            "bring solar and small hydro power to rural villages"),
    Purpose("ຂໍ້ມູນຂ່າວສານຊຸມຊົນ", "ຂໍ້ມູນຂ່າວສານຊຸມຊົນ", "Community Media", "Community Media", "CM",
            ("EICT", "GOV"), ("CULT", "SERV"),
            "ໃຫ້ຊຸມຊົນເຂົ້າເຖິງຂໍ້ມູນຂ່າວສານ", "give communities access to information"),
    Purpose("ສົ່ງເສີມກິລາ", "ການສົ່ງເສີມກິລາ", "Sports Promotion", "Sport for Development", "SP",
            ("EDSP",), ("EDU",),
            "ສົ່ງເສີມກິລາ ແລະ ສຸຂະພາບຂອງໄວໜຸ່ມ", "promote sport and health among young people"),
    Purpose("ສົ່ງເສີມວິສາຫະກິດຂະໜາດນ້ອຍ", "ການສົ່ງເສີມວິສາຫະກິດຂະໜາດນ້ອຍ", "Small Enterprise Promotion",
            "Small Enterprise", "SEP", ("EICT",), ("ECON",),
            "ຊ່ວຍວິສາຫະກິດຂະໜາດນ້ອຍ ແລະ ກຸ່ມຜະລິດ ໃຫ້ເຕີບໃຫຍ່", "help small enterprises and producer groups to grow"),
    Purpose("ສົ່ງເສີມການເງິນຈຸລະພາກ", "ການເງິນຈຸລະພາກ", "Microfinance", "Microfinance", "MF",
            ("EICT", "FARD"), ("ECON",),
            "ສ້າງກຸ່ມເງິນຝາກປະຢັດ ແລະ ສິນເຊື່ອ ໃນບ້ານ", "set up village savings and credit groups"),
    Purpose("ປົກປ້ອງເດັກ", "ການປົກປ້ອງເດັກ", "Child Protection", "Child Protection", "CP",
            ("LDSP", "GOV"), ("JUST", "SERV"),
            "ປົກປ້ອງເດັກ ຈາກການທາລຸນ ແລະ ການຄ້າມະນຸດ", "protect children from abuse and trafficking"),
    Purpose("ພັດທະນາຊາວກະສິກອນ", "ການພັດທະນາຊາວກະສິກອນ", "Farmers' Development", "Farmers' Development", "FD",
            ("FARD",), ("AGRI", "FOOD"),
            "ເສີມສ້າງຄວາມເຂັ້ມແຂງໃຫ້ກຸ່ມຊາວກະສິກອນ", "strengthen farmer groups"),
    Purpose("ຄຸ້ມຄອງຊັບພະຍາກອນນ້ຳ", "ການຄຸ້ມຄອງຊັບພະຍາກອນນ້ຳ", "Water Resources", "Water Resource Management", "WR",
            ("ENV",), ("NRM", "DRR"),
            "ຄຸ້ມຄອງແມ່ນ້ຳ ແລະ ແຫຼ່ງນ້ຳ ຮ່ວມກັບຊຸມຊົນ", "manage rivers and water sources together with communities"),
]
# Purposes with their own "and" are not joined with a second purpose ("… ແລະ … ແລະ …").
PAIRABLE = [purpose for purpose in PURPOSES if " ແລະ " not in purpose.lo]

METHODS = [
    ("ການຝຶກອົບຮົມ", "training"),
    ("ການສ້າງຄວາມອາດສາມາດ", "capacity building"),
    ("ການມີສ່ວນຮ່ວມຂອງຊຸມຊົນ", "community participation"),
    ("ການແລກປ່ຽນບົດຮຽນ", "sharing lessons learned"),
    ("ກຸ່ມເງິນຝາກປະຢັດ", "savings groups"),
    ("ການໂຄສະນາເຜີຍແຜ່", "awareness raising"),
    ("ການຄົ້ນຄວ້າ", "research"),
    ("ທຶນຊ່ວຍເຫຼືອຂະໜາດນ້ອຍ", "small grants"),
    ("ການໃຫ້ຄຳປຶກສາ", "advice and counselling"),
    ("ໂຄງການນຳຮ່ອງ", "pilot projects"),
]
PARTNERS = [
    ("ອົງການປົກຄອງທ້ອງຖິ່ນ", "local authorities"),
    ("ສະຫະພັນແມ່ຍິງລາວ", "the Lao Women's Union"),
    ("ຄູອາຈານ ແລະ ໂຮງຮຽນ", "teachers and schools"),
    ("ສຸກສາລາ ແລະ ໂຮງໝໍເມືອງ", "health centres and district hospitals"),
    ("ກຸ່ມຊາວກະສິກອນ", "farmer groups"),
    ("ຄູ່ຮ່ວມພັດທະນາສາກົນ", "international development partners"),
    ("ອົງການຈັດຕັ້ງທາງສັງຄົມອື່ນໆ", "other civil society organizations"),
    ("ພາກທຸລະກິດ", "the private sector"),
]
MINISTRIES = {
    "FARD": "ກະຊວງກະສິກຳ ແລະ ປ່າໄມ້",
    "EICT": "ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ",
    "EDSP": "ກະຊວງສຶກສາທິການ ແລະ ກິລາ",
    "ENV": "ກະຊວງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
    "GOV": "ກະຊວງພາຍໃນ",
    "LDSP": "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ",
    "PH": "ກະຊວງສາທາລະນະສຸກ",
}
VILLAGES = [
    "ໂພນສະອາດ", "ນາໄຊ", "ໜອງບົວ", "ໂພນທັນ", "ດອນແດງ", "ນາຄຳ", "ໂພນໄຊ", "ຫ້ວຍຫົງ", "ສີສະຫວາດ", "ໜອງດາ",
    "ທົ່ງສາງນາງ", "ນາແຊງ", "ໂພນສະຫວັນ", "ດົງໝາກຄາຍ", "ໜອງຫ້າງ", "ນາເລົ່າ", "ຫາດດອກແກ້ວ", "ໂພນພະເນົາ", "ວັດໄຕ",
    "ຊຽງດາ",
]
GIVEN_NAMES = [
    ("ທ້າວ", "ສົມພອນ"), ("ທ້າວ", "ບຸນທັນ"), ("ທ້າວ", "ຄຳຫຼ້າ"), ("ທ້າວ", "ສີສຸກ"), ("ທ້າວ", "ສຸລິສັກ"),
    ("ທ້າວ", "ທອງສະໄໝ"), ("ທ້າວ", "ອານຸສອນ"), ("ນາງ", "ວັນນາ"), ("ນາງ", "ພອນສະຫວັນ"), ("ນາງ", "ແສງເພັດ"),
    ("ນາງ", "ມະນີວອນ"), ("ນາງ", "ຈັນທະວີ"), ("ນາງ", "ບົວພັນ"), ("ນາງ", "ນາລີ"),
]
FAMILY_NAMES = ["ພົມມະຈັນ", "ສີສຸວັນ", "ແກ້ວມະນີ", "ວົງສາ", "ໄຊຍະວົງ", "ສຸລິຍະ", "ພັນທະວົງ", "ອິນທະວົງ",
                "ຈັນທະລາ", "ດວງມາລາ"]
# Where head offices are: most in the capital, the others roughly by population.
HEAD_OFFICE_WEIGHTS = {
    "LA01": 30, "LA02": 2, "LA03": 2, "LA04": 3, "LA05": 2, "LA06": 7, "LA07": 3, "LA08": 4, "LA09": 3,
    "LA10": 6, "LA11": 3, "LA12": 4, "LA13": 10, "LA14": 3, "LA15": 1.5, "LA16": 8, "LA17": 2, "LA18": 1,
}
PROVINCE_ABBREVIATIONS = {
    "LA01": "VTE", "LA02": "PSL", "LA03": "LNT", "LA04": "ODX", "LA05": "BKO", "LA06": "LPB", "LA07": "HPN",
    "LA08": "XYB", "LA09": "XKH", "LA10": "VTP", "LA11": "BLX", "LA12": "KMN", "LA13": "SVK", "LA14": "SLV",
    "LA15": "SEK", "LA16": "CPS", "LA17": "ATP", "LA18": "XSB",
}
BUDGETS = {
    "small": [(Organization.BudgetBand.UNDER_50K, 8), (Organization.BudgetBand.FROM_50K, 2)],
    "medium": [(Organization.BudgetBand.FROM_50K, 6), (Organization.BudgetBand.FROM_200K, 4)],
    "large": [(Organization.BudgetBand.FROM_200K, 6), (Organization.BudgetBand.OVER_1M, 4)],
}
STAFF = {"small": (2, 12), "medium": (12, 45), "large": (45, 160)}


def demo_organizations():
    return Organization.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def status_for(index: int) -> str:
    """Mostly active members; every 20th an applicant, every 50th suspended or former. The first two
    are active: the demo owner and editor get them."""
    if index >= 2 and index % 20 == 7:
        return Organization.Status.APPLICANT
    if index >= 2 and index % 50 == 13:
        return Organization.Status.SUSPENDED
    if index >= 2 and index % 50 == 33:
        return Organization.Status.FORMER
    return Organization.Status.ACTIVE


@dataclass
class Place:
    lo: str  # as written in a name: ແຂວງສະຫວັນນະເຂດ, ເມືອງໄຊເສດຖາ
    en: str
    abbreviation: str


class Reference:
    """The reference rows the generator draws from, read once."""

    def __init__(self):
        self.provinces = {province.code: province for province in Province.objects.all()}
        missing = sorted(set(HEAD_OFFICE_WEIGHTS) - set(self.provinces))
        if missing:
            raise CommandError("Load the reference data first (manage.py load_reference_data).")
        self.districts: dict[int, list[District]] = {}
        for district in District.objects.order_by("code"):
            self.districts.setdefault(district.province_id, []).append(district)
        self.groups = {group.code: group for group in SectorGroup.objects.all()}
        self.group_codes = sorted(self.groups)
        self.themes = list(Theme.objects.select_related("suggested_sector_group").order_by("order", "code"))

    def province_lo(self, province: Province) -> str:
        # The capital's name already says what it is; a province is "ແຂວງ…".
        return province.name_lo if province.code == "LA01" else f"ແຂວງ{province.name_lo}"

    def province_en(self, province: Province) -> str:
        return province.name_en_alt or province.name_en


@dataclass
class Spec:
    """One generated organization: model fields, many-to-many ids and who applied for it."""

    fields: dict
    m2m: dict
    status: str
    applicant_name: str = ""
    slug_base: str = ""
    extra: dict = field(default_factory=dict)


class Generator:
    def __init__(self, reference: Reference, *, seed: int, taken_names: set[str]):
        self.ref = reference
        self.seed = seed
        self.taken_names = taken_names

    def person(self, rng: random.Random) -> str:
        title, given = rng.choice(GIVEN_NAMES)
        return f"{title} {given} {rng.choice(FAMILY_NAMES)}"

    def place(self, rng: random.Random, province: Province, district: District) -> Place:
        # Named after the province (as "ແຂວງ…" or bare) or after the district of the head office.
        if rng.random() < (0.5 if province.code == "LA01" else 0.65):
            if province.code in ("LA01", "LA10") or rng.random() < 0.5:
                en = self.ref.province_en(province)
                en = en if province.code in ("LA01", "LA10") else f"{en} Province"
                return Place(self.ref.province_lo(province), en, PROVINCE_ABBREVIATIONS[province.code])
            return Place(province.name_lo, self.ref.province_en(province),
                         PROVINCE_ABBREVIATIONS[province.code])
        letters = "".join(ch for ch in district.name_en if ch.isalpha())
        return Place(f"ເມືອງ{district.name_lo}", f"{district.name_en} District", letters[:3].upper())

    def name(self, rng: random.Random, kind: OrgType, place: Place, *,
             pair: bool) -> tuple[str, str, str, list[Purpose]]:
        first = rng.choice(PURPOSES)
        purposes = [first]
        if pair and first in PAIRABLE:
            purposes.append(rng.choice([purpose for purpose in PAIRABLE if purpose is not first]))
        acronym = "".join(purpose.letters for purpose in purposes) + kind.letter + "-" + place.abbreviation
        if rng.random() < 0.25:  # "ສະມາຄົມເພື່ອການ…" / "Association for …"
            lo = f"{kind.lo}ເພື່ອ{' ແລະ '.join(p.lo_for for p in purposes)} {place.lo}"
            en = f"{kind.en} for {' and '.join(p.en_for for p in purposes)}, {place.en}"
        else:
            lo = f"{kind.lo}{' ແລະ '.join(p.lo for p in purposes)} {place.lo}"
            en = f"{' and '.join(p.en for p in purposes)} {kind.en} {place.en}"
        return lao.clean(lo), en, acronym, purposes

    def spec(self, index: int) -> Spec:
        rng = random.Random(f"{self.seed}:{index}")  # noqa: S311 (demo data, not secrets)
        ref = self.ref
        codes = list(HEAD_OFFICE_WEIGHTS)
        province = ref.provinces[rng.choices(codes, weights=list(HEAD_OFFICE_WEIGHTS.values()))[0]]
        district = rng.choice(ref.districts[province.pk])
        kind = rng.choices(TYPES, weights=[kind.weight for kind in TYPES])[0]
        # A few tries for a name no other demo organization has; later tries join two purposes.
        for attempt in range(12):
            place = self.place(rng, province, district)
            pair = attempt > 0 or rng.random() < 0.2
            name_lo, name_en, acronym, purposes = self.name(rng, kind, place, pair=pair)
            if name_lo not in self.taken_names:
                break
        self.taken_names.add(name_lo)

        first_sectors = purposes[0].sectors
        primary = first_sectors[0] if rng.random() < 0.7 else rng.choice(first_sectors)
        candidates = [code for purpose in purposes for code in purpose.sectors]
        candidates += rng.sample(ref.group_codes, 2)
        wanted_others = rng.choice((0, 1, 1, 2))
        others = []
        for code in candidates:
            if len(others) < wanted_others and code != primary and code not in others:
                others.append(code)
        group_codes = [primary, *others]

        # Themes only from the organization's sector groups (Theme.suggested_sector_group), the
        # purposes' own themes first.
        allowed = [theme for theme in ref.themes if theme.suggested_sector_group
                   and theme.suggested_sector_group.code in group_codes]
        wanted = [code for purpose in purposes for code in purpose.themes]
        preferred = [theme for theme in allowed if theme.code in wanted]
        rest = [theme for theme in allowed if theme not in preferred]
        rng.shuffle(rest)
        themes = (preferred + rest)[: rng.randint(1, min(4, len(allowed)))]

        extra = rng.choices([0, 1, 2, 3], weights=[45, 25, 18, 12])[0]
        provinces = [province, *rng.sample([p for p in ref.provinces.values() if p != province], extra)]

        registered = REGISTRATION_DAYS[0] + timedelta(days=rng.randint(0, (REGISTRATION_DAYS[1]
                                                                           - REGISTRATION_DAYS[0]).days))
        founded = registered.year - rng.choice((0, 0, 0, 1, 2, 3, 5, 8))
        by_province = rng.random() < 0.25
        size = rng.choices(["small", "medium", "large"], weights=[60, 30, 10])[0]
        staff = rng.randint(*STAFF[size])
        staff_women = round(staff * rng.uniform(0.3, 0.7))
        volunteers = rng.randint(0, staff * 3)
        volunteers_women = round(volunteers * rng.uniform(0.3, 0.7))
        counted = rng.random() < 0.9

        area_names = [ref.province_lo(p) for p in provinces]
        area_names_en = [ref.province_en(p) for p in provinces]
        if len(provinces) <= 2:
            area_lo, area_en = f"ໃນ{' ແລະ '.join(area_names)}", " and ".join(area_names_en)
        else:
            area_lo, area_en = f"ໃນ {len(provinces)} ແຂວງ", f"{len(provinces)} provinces"
        (m1_lo, m1_en), (m2_lo, m2_en) = rng.sample(METHODS, 2)
        (p1_lo, p1_en), (p2_lo, p2_en) = rng.sample(PARTNERS, 2)
        mission_lo = f"ແນໃສ່{purposes[0].goal_lo} {area_lo} ໂດຍຜ່ານ{m1_lo} ແລະ {m2_lo}."
        mission_en = f"We aim to {purposes[0].goal_en} in {area_en} through {m1_en} and {m2_en}."
        if len(purposes) > 1:
            mission_lo += f" ພ້ອມນັ້ນ, ພວກເຮົາຍັງ{purposes[1].goal_lo}."
            mission_en += f" We also {purposes[1].goal_en}."
        if rng.random() < 0.5:
            mission_lo += f" ພວກເຮົາເຮັດວຽກຮ່ວມກັບ{p1_lo} ແລະ {p2_lo}."
            mission_en += f" We work together with {p1_en} and {p2_en}."
        description_lo = description_en = ""
        if rng.random() < 0.6:
            description_lo = (f"ສ້າງຕັ້ງຂຶ້ນໃນປີ {founded} ແລະ ໄດ້ຮັບອະນຸຍາດໃນປີ {registered.year}. "
                              f"ສຳນັກງານໃຫຍ່ຕັ້ງຢູ່ເມືອງ{district.name_lo}, {ref.province_lo(province)}.")
            description_en = (f"Founded in {founded} and registered in {registered.year}. The head office is "
                              f"in {district.name_en} District, {ref.province_en(province)}.")

        fields = {
            "name_lo": name_lo,
            "name_en": name_en,
            "acronym": acronym,
            "legal_form": kind.legal_form,
            "registration_date": registered,
            "registration_authority": (Organization.RegistrationAuthority.PROVINCE if by_province
                                       else Organization.RegistrationAuthority.MOHA),
            "registration_province_id": province.pk if by_province else None,
            "supervising_ministry": MINISTRIES[primary],
            "head_office_province_id": province.pk,
            "head_office_district_id": district.pk,
            "address": f"ບ້ານ{rng.choice(VILLAGES)}, ເມືອງ{district.name_lo}, {ref.province_lo(province)}",
            "primary_sector_group_id": ref.groups[primary].pk,
            "mission_lo": mission_lo,
            "mission_en": mission_en,
            "description_lo": description_lo,
            "description_en": description_en,
            "year_founded": founded,
            "staff_women": staff_women if counted else None,
            "staff_men": staff - staff_women if counted else None,
            "volunteers_women": volunteers_women if counted else None,
            "volunteers_men": volunteers - volunteers_women if counted else None,
            "budget_band": weighted(rng, BUDGETS[size]) if counted else "",
            "phone": f"020 {rng.choice('2579')}{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}",
            "contacts_visibility": weighted(rng, [(Visibility.MEMBERS, 60), (Visibility.PUBLIC, 35),
                                                  (Visibility.SECRETARIAT, 5)]),
            "staff_visibility": weighted(rng, [(Visibility.MEMBERS, 70), (Visibility.PUBLIC, 20),
                                               (Visibility.SECRETARIAT, 10)]),
        }
        m2m = {
            "provinces": [p.pk for p in provinces],
            "sector_groups": [ref.groups[code].pk for code in group_codes],
            "themes": [theme.pk for theme in themes],
        }
        spec = Spec(fields=fields, m2m=m2m, status=status_for(index),
                    slug_base=DEMO_SLUG_PREFIX + lao.slug(acronym, max_length=50))
        spec.extra = {"mailbox": rng.choice(["info", "contact", "office"]), "website": rng.random() < 0.4,
                      "applied_days_ago": rng.randint(1, 40)}
        if spec.status == Organization.Status.APPLICANT:
            spec.applicant_name = self.person(rng)
        return spec


class Allocator:
    """Slugs and registration numbers nobody has yet, in the order organizations are generated."""

    def __init__(self):
        self.slugs = set(Organization.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
                         .values_list("slug", flat=True))
        self.numbers = set(Organization.objects.exclude(registration_number="")
                           .values_list("registration_number", flat=True))
        self.next_number = FIRST_REGISTRATION_NUMBER

    def slug(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.slugs:  # every demo- slug there is
            candidate, number = f"{base}-{number}", number + 1
        self.slugs.add(candidate)
        return candidate

    def registration_number(self) -> str:
        # One sequence for the Ministry's and the provinces' registers, so both constraints hold.
        while f"{self.next_number}/ພນ" in self.numbers:
            self.next_number += 1
        number = f"{self.next_number}/ພນ"
        self.numbers.add(number)
        self.next_number += 1
        return number

    def finish(self, spec: Spec) -> str:
        """Give the spec its registration number, email and website; return its slug."""
        slug = self.slug(spec.slug_base)
        domain = f"{slug.removeprefix(DEMO_SLUG_PREFIX)}.example.org"
        spec.fields["registration_number"] = self.registration_number()
        spec.fields["email"] = f"{spec.extra['mailbox']}@{domain}"
        spec.fields["website"] = f"https://{domain}/" if spec.extra["website"] else ""
        spec.extra["applicant_email"] = f"director@{domain}"
        return slug


class Command(BaseCommand):
    help = (
        "Create the demo data (development only): one account per role, and fictitious member "
        "organizations (slugs start with 'demo-'). Safe to run again: adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=60, help="how many demo organizations (default 60)")
        parser.add_argument("--seed", type=int, default=1, help="random seed for the names (default 1)")
        parser.add_argument("--bulk", action="store_true",
                            help=f"insert in batches: no versions or audit (automatic above {BULK_FROM:,})")

    def handle(self, *args, orgs: int, seed: int, bulk: bool, **options):
        if not settings.DEV:
            raise CommandError("Demo data exists only in development (LAOCSO_ENV=dev).")
        if orgs < 0:
            raise CommandError("--orgs cannot be negative.")
        accounts = demo_accounts_create()
        existing = demo_organizations().count()
        if existing >= orgs:
            self.stdout.write(f"{existing:,} demo organizations exist already; none added.")
        else:
            started = time.monotonic()
            if bulk or orgs - existing > BULK_FROM:
                self.create_in_bulk(range(existing, orgs), seed=seed)
            else:
                self.create_with_services(range(existing, orgs), seed=seed)
            self.stdout.write(f"{orgs - existing:,} demo organizations added in "
                              f"{time.monotonic() - started:.1f} s ({orgs:,} in all).")
        places = self.assign_demo_editors()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in accounts:
            line = f"  {email:32} {role}"
            if email in places:
                line += f"; {places[email]}"
            self.stdout.write(line)

    def generator(self, seed: int) -> Generator:
        taken = set(demo_organizations().values_list("name_lo", flat=True))
        return Generator(Reference(), seed=seed, taken_names=taken)

    # --- through the services: versions, audit and search index as in real use ---------------

    def create_with_services(self, indexes: range, *, seed: int) -> None:
        generator, allocator = self.generator(seed), Allocator()
        secretariat = User.objects.get(email=SECRETARIAT_EMAIL)
        # Demo addresses are fictitious (example.org): the application services must not mail them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), \
                transaction.atomic():
            for index in indexes:
                spec = generator.spec(index)
                slug = allocator.finish(spec)
                if spec.status == Organization.Status.APPLICANT:
                    applicant = (User.objects.filter(email__iexact=spec.extra["applicant_email"]).first()
                                 or user_create(email=spec.extra["applicant_email"], password=None,
                                                full_name=spec.applicant_name))
                    application = services.application_submit(
                        applicant=applicant, data=spec.fields, m2m=spec.m2m, contact_name=spec.applicant_name,
                        contact_phone=spec.fields["phone"])
                    services.application_verify(application=application)
                    organization = application.organization
                else:
                    organization = services.organization_create(
                        data=spec.fields, m2m=spec.m2m, status=Organization.Status.ACTIVE, by=secretariat)
                self.rename(organization, slug)
                if spec.status in (Organization.Status.SUSPENDED, Organization.Status.FORMER):
                    note = ("ບໍ່ໄດ້ສົ່ງບົດລາຍງານປະຈຳປີ" if spec.status == Organization.Status.SUSPENDED
                            else "ຂໍລາອອກຈາກເຄືອຂ່າຍ")
                    services.membership_status_set(organization=organization, status=spec.status,
                                                   by=secretariat, note=note)

    def rename(self, organization: Organization, slug: str) -> None:
        """Give a new organization its demo- slug; the services derive slugs from the acronym and never
        change them afterwards, so this is the one write outside them. Re-indexed for the new URL."""
        Organization.objects.filter(pk=organization.pk).update(slug=slug)
        organization.slug = slug
        organization_index(organization)

    # --- in bulk: for benchmarks; no versions or audit, search index rebuilt at the end ----------

    def create_in_bulk(self, indexes: range, *, seed: int) -> None:
        generator, allocator = self.generator(seed), Allocator()
        total, started = len(indexes), time.monotonic()
        verbose = total > BULK_FROM
        unusable = make_password(None)
        now = timezone.now()
        for offset in range(0, total, BATCH):
            batch = indexes[offset: offset + BATCH]
            with transaction.atomic():
                specs, organizations = [], []
                for index in batch:
                    spec = generator.spec(index)
                    slug = allocator.finish(spec)
                    fields = services.normalize_profile(spec.fields)
                    organization = Organization(slug=slug, status=spec.status, **fields)
                    services.sort_keys(organization)
                    specs.append(spec)
                    organizations.append(organization)
                Organization.objects.bulk_create(organizations)
                self.bulk_related(specs, organizations, unusable=unusable, now=now)
            if verbose:
                done = offset + len(batch)
                elapsed = time.monotonic() - started
                self.stdout.write(f"  {done:,} / {total:,} organizations ({elapsed:.0f} s)")
        transaction.on_commit(lambda: page_cache_bump("directory"))
        if verbose:
            self.stdout.write("  rebuilding the search index…")
        search_started = time.monotonic()
        call_command("rebuild_search_index", "--kind", "organization", stdout=StringIO())
        links = [getattr(Organization, name).through for name in ("provinces", "sector_groups", "themes")]
        analyze_after_bulk_load([Organization, *links, MembershipEvent, SearchEntry])
        if verbose:
            self.stdout.write(f"  search index rebuilt in {time.monotonic() - search_started:.0f} s")

    def bulk_related(self, specs: list[Spec], organizations: list[Organization], *, unusable: str,
                     now) -> None:
        for name in ("provinces", "sector_groups", "themes"):
            through = getattr(Organization, name).through
            target = getattr(Organization, name).field.m2m_reverse_field_name() + "_id"
            through.objects.bulk_create([
                through(organization_id=organization.pk, **{target: pk})
                for spec, organization in zip(specs, organizations, strict=True) for pk in spec.m2m[name]
            ])
        events = []
        for spec, organization in zip(specs, organizations, strict=True):
            first = (Organization.Status.APPLICANT if spec.status == Organization.Status.APPLICANT
                     else Organization.Status.ACTIVE)
            events.append(MembershipEvent(organization=organization, status=first))
            if spec.status != first:
                events.append(MembershipEvent(organization=organization, status=spec.status))
        MembershipEvent.objects.bulk_create(events)
        applicants = [(spec, organization) for spec, organization in zip(specs, organizations, strict=True)
                      if spec.status == Organization.Status.APPLICANT]
        if not applicants:
            return
        emails = [spec.extra["applicant_email"] for spec, _organization in applicants]
        users = {user.email: user for user in User.objects.filter(email__in=emails)}
        User.objects.bulk_create([
            User(email=spec.extra["applicant_email"], full_name=spec.applicant_name, password=unusable)
            for spec, _organization in applicants if spec.extra["applicant_email"] not in users
        ])
        users = {user.email: user for user in User.objects.filter(email__in=emails)}
        OrganizationRole.objects.bulk_create([
            OrganizationRole(organization=organization, user=users[spec.extra["applicant_email"]],
                             kind=OrganizationRole.Kind.OWNER)
            for spec, organization in applicants
        ])
        MembershipApplication.objects.bulk_create([
            MembershipApplication(organization=organization, applicant=users[spec.extra["applicant_email"]],
                                  contact_name=spec.applicant_name, contact_phone=spec.fields["phone"],
                                  status=MembershipApplication.Status.SUBMITTED,
                                  submitted_at=now - timedelta(days=spec.extra["applied_days_ago"]))
            for spec, organization in applicants
        ])

    # --- the demo owner and editor ------------------------------------------------------------

    def assign_demo_editors(self) -> dict[str, str]:
        """Make member@ the owner of one active demo organization and editor@ an editor of another.
        Returns what to print beside each of them."""
        users = {user.email: user for user in User.objects.filter(email__in=[OWNER_EMAIL, EDITOR_EMAIL])}
        active = demo_organizations().filter(status=Organization.Status.ACTIVE).order_by("pk")
        places = {}
        taken = []
        wanted = [(OWNER_EMAIL, OrganizationRole.Kind.OWNER), (EDITOR_EMAIL, OrganizationRole.Kind.EDITOR)]
        for email, kind in wanted:
            user = users.get(email)
            if user is None:
                continue
            role = (OrganizationRole.objects.filter(user=user, kind=kind, organization__in=active)
                    .select_related("organization").order_by("pk").first())
            if role is None:
                organization = active.exclude(pk__in=taken).first()
                if organization is None:
                    continue
                role = OrganizationRole.objects.create(organization=organization, user=user, kind=kind)
            taken.append(role.organization_id)
            organization = role.organization
            places[email] = f"{kind} of {organization.name_lo}, /lo/directory/{organization.slug}/"
        return places
