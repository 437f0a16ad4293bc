# ruff: noqa: E501 -- long lines of demo text read better unbroken
"""Demo news, events, documents and opportunities (development only; fictitious but realistic).

The documents are generated here, not copied: Lao PDFs by content.lao_pdf, a Word file and an
Excel workbook by the standard library and openpyxl. Everything goes through the services, so it
is checked, audited and indexed for search like real content.
"""

import io
import random
import zipfile
from datetime import timedelta
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image, ImageDraw

from accounts.models import Role, User
from content import services
from content.digest import subscription_save
from content.files import checked_document
from content.lao_pdf import lao_pdf
from content.models import NewsItem
from core.images import reencode_image
from core.models import Province, SectorGroup
from directory.models import Organization, OrganizationRole

COLOURS = {
    "FARD": ((46, 125, 50), (165, 214, 167)),
    "EICT": ((21, 101, 192), (144, 202, 249)),
    "EDSP": ((239, 108, 0), (255, 204, 128)),
    "ENV": ((0, 121, 107), (128, 203, 196)),
    "GOV": ((69, 39, 160), (179, 157, 219)),
    "LDSP": ((173, 20, 87), (244, 143, 177)),
    "PH": ((198, 40, 40), (239, 154, 154)),
}

NEWS = [
    # (days ago, sector codes, Lao title, English title, Lao body, English body, supported by (lo, en), extra)
    (
        20,
        ["GOV"],
        "ກອງປະຊຸມໃຫຍ່ປະຈຳປີ ຂອງອົງການຈັດຕັ້ງສັງຄົມລາວ",
        "Annual assembly of Lao civil society organizations",
        "ອົງການຈັດຕັ້ງສັງຄົມ ຫຼາຍກວ່າ 120 ອົງການ ຈາກທົ່ວປະເທດ ໄດ້ເຂົ້າຮ່ວມ **ກອງປະຊຸມໃຫຍ່ປະຈຳປີ** ທີ່ນະຄອນຫຼວງວຽງຈັນ.\n\n"
        "ກອງປະຊຸມ ໄດ້ຄົ້ນຄວ້າ ແລະ ຮັບຮອງ ບົດລາຍງານ ການປະກອບສ່ວນ ຂອງອົງການຈັດຕັ້ງສັງຄົມ ເຂົ້າໃນ "
        "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ.\n\n"
        "## ຜົນຂອງກອງປະຊຸມ\n- ຮັບຮອງບົດລາຍງານປະຈຳປີ\n- ເລືອກຕັ້ງຫົວໜ້າກຸ່ມຂະແໜງການ\n- ວາງແຜນວຽກງານປີໜ້າ",
        "More than 120 civil society organizations from across the country took part in the **annual "
        "assembly** in Vientiane Capital.\n\nThe assembly discussed and adopted the report on the contributions "
        "of civil society organizations to the National Socio-Economic Development Plan.\n\n"
        "## Outcomes\n- The annual report was adopted\n- Sector group heads were elected\n- Next year's work was planned",
        ("ກອງທຶນ ຮ່ວມມືຕົວຢ່າງ (demo)", "the Demo Partnership Fund"),
        {},
    ),
    (
        12,
        ["EICT"],
        "ງານວາງສະແດງ ອົງການຈັດຕັ້ງສັງຄົມແຫ່ງຊາດ ເປີດຢ່າງເປັນທາງການ",
        "The National CSO Fair opens in Vientiane",
        "ງານວາງສະແດງ ອົງການຈັດຕັ້ງສັງຄົມແຫ່ງຊາດ ໄດ້ເປີດຂຶ້ນ ເປັນເວລາສາມວັນ. ອົງການຕ່າງໆ ໄດ້ນຳສະເໜີ "
        "ຜົນງານ ດ້ານການສຶກສາ, ສາທາລະນະສຸກ ແລະ ການພັດທະນາຊົນນະບົດ.\n\nເບິ່ງລາຍລະອຽດເພີ່ມເຕີມ ທີ່ "
        "[ປະຕິທິນກິດຈະກຳ](/lo/events/).",
        "The National CSO Fair opened for three days. Organizations presented their work in education, "
        "health and rural development.\n\nSee the [events calendar](/en/events/) for the programme.",
        ("", ""),
        {},
    ),
    (
        6,
        ["FARD", "ENV"],
        "ຝຶກອົບຮົມ ການປູກຝັງແບບກະສິກຳອິນຊີ ຢູ່ແຂວງສະຫວັນນະເຂດ",
        "",
        "ຊາວກະສິກອນ 45 ຄົນ, ໃນນັ້ນ ແມ່ຍິງ 28 ຄົນ, ໄດ້ເຂົ້າຮ່ວມ ການຝຶກອົບຮົມ ການເຮັດຝຸ່ນບົ່ມ ແລະ "
        "ການປູກຜັກ ໂດຍບໍ່ໃຊ້ຢາປາບສັດຕູພືດ.\n\nການຝຶກອົບຮົມ ແມ່ນຈັດຂຶ້ນ ຮ່ວມກັບ ຫ້ອງການກະສິກຳ ແລະ ປ່າໄມ້ ເມືອງ.",
        "",
        ("", ""),
        {},
    ),
    (
        4,
        ["PH", "EDSP"],
        "",
        "Clean water and toilets for twelve village schools",
        "",
        "Twelve primary schools in Phongsaly and Oudomxay now have clean water points and separate "
        "toilets for girls and boys.\n\nTeachers and village committees were trained to maintain them; "
        "*school attendance of girls* is followed over the coming year.",
        ("", "the Demo Water Trust"),
        {},
    ),
    (
        30,
        ["GOV"],
        "ກອງປະຊຸມປະຈຳປີ ລະຫວ່າງ ລັດຖະບານ ແລະ ອົງການຈັດຕັ້ງສັງຄົມ",
        "Annual meeting between the government and civil society organizations",
        "ກະຊວງພາຍໃນ ແລະ ຜູ້ຕາງໜ້າ ສະມາຄົມ ແລະ ມູນນິທິ ຫຼາຍກວ່າ 150 ແຫ່ງ ໄດ້ປຶກສາຫາລື ກ່ຽວກັບ "
        "ການຮ່ວມມື ໃນການຈັດຕັ້ງປະຕິບັດ ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ.",
        "The Ministry of Home Affairs and representatives of more than 150 associations and foundations "
        "discussed working together on the National Socio-Economic Development Plan.",
        ("", ""),
        {},
    ),
    (
        2,
        ["LDSP"],
        "ຄົນພິການ ມີສ່ວນຮ່ວມ ໃນການວາງແຜນ ຂອງບ້ານ",
        "Persons with disabilities take part in village planning",
        "ໃນສາມເມືອງ ຂອງແຂວງຫຼວງພະບາງ, ຄົນພິການ ແລະ ຄອບຄົວ ໄດ້ເຂົ້າຮ່ວມ ການວາງແຜນພັດທະນາບ້ານ ເປັນຄັ້ງທຳອິດ.",
        "In three districts of Luang Prabang, persons with disabilities and their families took part in "
        "village development planning for the first time.",
        ("", ""),
        {},
    ),
    (
        1,
        ["GOV"],
        "ແຈ້ງການເຖິງສະມາຊິກ: ກຳນົດສົ່ງບົດລາຍງານ",
        "To members: the reporting deadline",
        "ຂໍແຈ້ງໃຫ້ ອົງການສະມາຊິກ ສົ່ງບົດລາຍງານ ການປະກອບສ່ວນ ພາຍໃນທ້າຍເດືອນນີ້.",
        "Member organizations are asked to send their contribution reports by the end of this month.",
        ("", ""),
        {"visibility": "members"},
    ),
    (
        0,
        ["EDSP"],
        "ຮ່າງ: ໂຄງການທຶນການສຶກສາ ສຳລັບນັກຮຽນຍິງ",
        "Draft: scholarships for girl students",
        "ຮ່າງຂ່າວ ທີ່ຍັງບໍ່ທັນເຜີຍແຜ່.",
        "A draft that is not published yet.",
        ("", ""),
        {"status": "draft"},
    ),
    (
        -3,
        ["ENV"],
        "ວັນສິ່ງແວດລ້ອມໂລກ: ອົງການຈັດຕັ້ງສັງຄົມ ປູກຕົ້ນໄມ້",
        "World Environment Day: CSOs plant trees",
        "ຂ່າວນີ້ ຈະເຜີຍແຜ່ ໃນອີກສາມວັນ.",
        "This news item is scheduled for publication in three days.",
        ("", ""),
        {},
    ),
]

EVENTS = [
    # (days from now, hours, kind, Lao title, English title, Lao text, English text, place (lo, en),
    #  province, capacity, registration, visibility, sectors, online)
    (10, 8, "training", "ຝຶກອົບຮົມ ການຂຽນບົດສະເໜີໂຄງການ", "Training: writing project proposals",
     "ການຝຶກອົບຮົມ ສອງວັນ ສຳລັບພະນັກງານ ອົງການສະມາຊິກ: ບັນຫາ, ເປົ້າໝາຍ, ງົບປະມານ ແລະ ການຕິດຕາມ.",
     "A two-day training for staff of member organizations: problem, objectives, budget and monitoring.",
     ("ຫ້ອງປະຊຸມ ຫ້ອງການປະສານງານ", "Meeting room of the coordination office"), "LA01", 30, True, "public", ["GOV"], False),
    (40, 72, "fair", "ງານວາງສະແດງ ອົງການຈັດຕັ້ງສັງຄົມແຫ່ງຊາດ", "National CSO Fair",
     "ສາມວັນ ຂອງການວາງສະແດງ, ການສົນທະນາ ແລະ ການແລກປ່ຽນ ລະຫວ່າງ ອົງການຈັດຕັ້ງສັງຄົມ ແລະ ຄູ່ຮ່ວມງານ.",
     "Three days of stands, talks and exchanges between civil society organizations and their partners.",
     ("ສູນປະຊຸມແຫ່ງຊາດ", "National Convention Centre"), "LA01", None, True, "public", ["EICT"], False),
    (5, 2, "webinar", "ສຳມະນາອອນລາຍ: ການລາຍງານ ການປະກອບສ່ວນ ເຂົ້າໃນແຜນພັດທະນາ",
     "Webinar: reporting contributions to the national plan",
     "ວິທີການ ປ້ອນຂໍ້ມູນ ໂຄງການ ແລະ ຜູ້ໄດ້ຮັບຜົນປະໂຫຍດ ເຂົ້າໃນແບບຟອມລາຍງານ.",
     "How to enter projects and people reached in the reporting form.",
     ("ອອນລາຍ", "Online"), None, 12, True, "public", ["GOV"], True),
    (15, 3, "meeting", "ກອງປະຊຸມ ກຸ່ມຂະແໜງ ກະສິກຳ, ປ່າໄມ້ ແລະ ພັດທະນາຊົນນະບົດ",
     "Meeting of the agriculture, forestry and rural development group",
     "ກອງປະຊຸມ ສຳລັບ ອົງການສະມາຊິກ ຂອງກຸ່ມຂະແໜງ.", "A meeting for the member organizations of the group.",
     ("ແຂວງວຽງຈັນ", "Vientiane Province"), "LA10", None, True, "members", ["FARD"], False),
    (-30, 6, "training", "ຝຶກອົບຮົມ ຄວາມສະເໝີພາບ ຍິງ-ຊາຍ", "Training on gender equality",
     "ການຝຶກອົບຮົມ ທີ່ຈັດຂຶ້ນແລ້ວ.", "A training that took place last month.",
     ("ປາກເຊ", "Pakse"), "LA16", 25, False, "public", ["LDSP"], False),
    (60, 4, "meeting", "ກອງປະຊຸມ ລັດຖະບານ ແລະ ອົງການຈັດຕັ້ງສັງຄົມ", "Government–CSO annual meeting",
     "ກອງປະຊຸມປະຈຳປີ ກັບ ກະຊວງພາຍໃນ.", "The annual meeting with the Ministry of Home Affairs.",
     ("ກະຊວງພາຍໃນ", "Ministry of Home Affairs"), "LA01", None, False, "public", ["GOV"], False),
    (2, 3, "training", "ການນຳໃຊ້ ເວັບໄຊ ຂອງເຄືອຂ່າຍ", "Using the network's platform",
     "ຮຽນຮູ້ ການແກ້ໄຂ ໂປຣໄຟລ໌ ຂອງອົງການ ແລະ ການລາຍງານ.", "Learn to keep your profile up to date and to report.",
     ("ຫ້ອງການປະສານງານ", "Coordination office"), "LA01", 20, True, "public", [], False),
]  # fmt: skip

DOCUMENT_TEXT = {
    "annual": [
        ("title", "ບົດລາຍງານປະຈຳປີ 2024"),
        ("p", "ຫ້ອງການປະສານງານ ອົງການຈັດຕັ້ງສັງຄົມລາວ · Lao CSO Coordination Office"),
        ("h", "1. ພາບລວມ"),
        ("p", "ໃນປີ 2024, ອົງການສະມາຊິກ ໄດ້ຈັດຕັ້ງປະຕິບັດ ໂຄງການ ຢູ່ 17 ແຂວງ ແລະ ນະຄອນຫຼວງວຽງຈັນ. "
              "ວຽກງານ ສ່ວນໃຫຍ່ ແມ່ນ ການພັດທະນາຊົນນະບົດ, ການສຶກສາ ແລະ ສາທາລະນະສຸກ."),
        ("h", "2. ກະສິກຳ ແລະ ການພັດທະນາຊົນນະບົດ"),
        ("p", "ກຸ່ມຊາວກະສິກອນ ໄດ້ຮັບການຝຶກອົບຮົມ ດ້ານການປູກຝັງແບບອິນຊີ, ການລ້ຽງສັດ ແລະ ການເກັບຮັກສາແນວພັນ. "
              "ເຂົ້າໄຮ່ ແລະ ຜັກພື້ນເມືອງ ໄດ້ຮັບການອະນຸລັກ ຢູ່ຫຼາຍບ້ານ."),
        ("h", "3. ສຶກສາ ແລະ ສາທາລະນະສຸກ"),
        ("p", "ໂຮງຮຽນປະຖົມ ໄດ້ຮັບ ນ້ຳສະອາດ ແລະ ວິດຖ່າຍ. ອາສາສະໝັກສາທາລະນະສຸກບ້ານ ໄດ້ຮັບການຝຶກອົບຮົມ ຄືນໃໝ່."),
        ("h", "Summary in English"),
        ("p", "In 2024 member organizations worked in all provinces. Most of the work was rural development, "
              "education and public health. This report is demo data generated by the platform."),
    ],
    "guide": [
        ("title", "ຄູ່ມື ການລາຍງານ ການປະກອບສ່ວນ"),
        ("p", "Guide to reporting contributions to the national plan"),
        ("h", "ຂັ້ນຕອນທີ 1: ກຽມຂໍ້ມູນ"),
        ("p", "ລວບລວມ ລາຍຊື່ໂຄງການ, ສະຖານທີ່ ແຂວງ ແລະ ເມືອງ, ງົບປະມານ ແລະ ຈຳນວນຜູ້ໄດ້ຮັບຜົນປະໂຫຍດ ແຍກຕາມເພດ."),
        ("h", "ຂັ້ນຕອນທີ 2: ປ້ອນຂໍ້ມູນ"),
        ("p", "ເຂົ້າສູ່ລະບົບ ແລະ ປ້ອນຂໍ້ມູນ ໃສ່ແບບຟອມ. ກວດຄືນ ຕົວເລກ ກ່ອນສົ່ງ. ຜູ້ປະສານງານ ຈະກວດ ແລະ ຕອບກັບ."),
        ("h", "Step 3: review"),
        ("p", "The sector group head and the secretariat review each report and accept it or return it with comments."),
    ],
    "law": [
        ("title", "ບົດສະຫຼຸບ ລະບຽບການ ກ່ຽວກັບ ສະມາຄົມ (ຕົວຢ່າງ)"),
        ("p", "Plain-language summary of the rules on associations — demo document, not legal advice."),
        ("h", "ການຂຶ້ນທະບຽນ"),
        ("p", "ສະມາຄົມ ຕ້ອງມີ ກົດລະບຽບ, ຄະນະບໍລິຫານ ແລະ ທີ່ຕັ້ງສຳນັກງານ. ເອກະສານ ແມ່ນຍື່ນ ຕໍ່ຂະແໜງພາຍໃນ."),
        ("h", "ການລາຍງານ"),
        ("p", "ສະມາຄົມ ລາຍງານ ຜົນການເຄື່ອນໄຫວ ແລະ ການເງິນ ເປັນປະຈຳປີ."),
    ],
    "minutes": [
        ("title", "ບົດບັນທຶກ ກອງປະຊຸມ ຄະນະກຳມະການປະສານງານ"),
        ("p", "Minutes of the coordination committee — for member organizations only."),
        ("h", "ວາລະ"),
        ("p", "1. ຮັບຮອງ ບົດບັນທຶກ ຄັ້ງກ່ອນ. 2. ການກະກຽມ ກອງປະຊຸມໃຫຍ່. 3. ງົບປະມານ ຫ້ອງການ."),
        ("h", "ມະຕິ"),
        ("p", "ກອງປະຊຸມ ຕົກລົງ ຈັດກອງປະຊຸມໃຫຍ່ ຢູ່ນະຄອນຫຼວງວຽງຈັນ ແລະ ມອບໃຫ້ ຫ້ອງການ ກະກຽມ ເອກະສານ."),
    ],
}  # fmt: skip

OPPORTUNITIES = [
    # (days to deadline, kind, Lao title, English title, Lao text, English text, offered by, sectors, org?)
    (21, "call", "ເປີດຮັບ ບົດສະເໜີໂຄງການ: ທຶນຂະໜາດນ້ອຍ ດ້ານສິ່ງແວດລ້ອມ",
     "Call for proposals: small grants for the environment",
     "ທຶນ ສູງສຸດ 20.000 ໂດລາ ສຳລັບ ໂຄງການ ປົກປັກຮັກສາປ່າ ແລະ ແຫຼ່ງນ້ຳ ໂດຍຊຸມຊົນ.",
     "Up to 20,000 USD for community projects that protect forests and water sources.",
     "Demo Environment Fund", ["ENV", "FARD"], False),
    (45, "grant", "ທຶນ ເສີມສ້າງຄວາມເຂັ້ມແຂງ ອົງການ", "Organizational strengthening grants",
     "ທຶນ ສຳລັບ ການຝຶກອົບຮົມ ພະນັກງານ ແລະ ລະບົບການເງິນ.", "Support for staff training and financial systems.",
     "Demo Partnership Fund", ["GOV"], False),
    (10, "job", "ຮັບສະໝັກ ພະນັກງານການເງິນ", "Finance officer", "ປະສົບການ 3 ປີ ຂຶ້ນໄປ; ເວົ້າ ແລະ ຂຽນ ພາສາອັງກິດ ໄດ້.",
     "Three years of experience or more; spoken and written English.", "", [], True),
    (14, "consultancy", "ທີ່ປຶກສາ: ການສຳຫຼວດ ຂໍ້ມູນພື້ນຖານ ຢູ່ແຂວງສະຫວັນນະເຂດ",
     "Consultant: baseline survey in Savannakhet",
     "ການສຳຫຼວດ ຄົວເຮືອນ ໃນ 20 ບ້ານ; ລາຍງານ ເປັນພາສາລາວ ແລະ ອັງກິດ.",
     "A household survey in 20 villages; report in Lao and English.", "Demo Research Institute", ["FARD"], False),
    (-5, "job", "ຜູ້ປະສານງານໂຄງການ", "Project coordinator", "ຕຳແໜ່ງນີ້ ປິດຮັບສະໝັກແລ້ວ.", "This position is closed.",
     "", ["EDSP"], True),
]  # fmt: skip


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _cover(rng: random.Random, code: str) -> ContentFile:
    """A simple illustration (sky, hills, sun) in the sector group's colours, re-encoded like an upload."""
    dark, light = COLOURS.get(code, ((55, 71, 79), (176, 190, 197)))
    image = Image.new("RGB", (1200, 630), light)
    draw = ImageDraw.Draw(image)
    for band in range(630):
        mix = band / 630
        draw.line(
            [(0, band), (1200, band)], fill=tuple(int(light[i] * (1 - mix) + 255 * mix) for i in range(3))
        )
    sun = rng.randint(700, 1000)
    draw.ellipse([sun, 80, sun + 140, 220], fill=(255, 213, 79))
    for layer in range(3):
        base = 380 + layer * 80
        points = [(0, 630)] + [(x, base - rng.randint(0, 120)) for x in range(0, 1300, 150)] + [(1200, 630)]
        shade = tuple(max(0, channel - layer * 25) for channel in dark)
        draw.polygon(points, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return reencode_image(ContentFile(buffer.getvalue(), name="cover.png"), max_side=1200)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document (DOCX) with one paragraph per text."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' for text in paragraphs
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _xlsx(rng: random.Random) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "2024"
    sheet.append(["ແຂວງ / Province", "ໂຄງການ / Projects", "ແມ່ຍິງ / Women", "ຜູ້ຊາຍ / Men"])
    for province in Province.objects.all().order_by("code"):
        sheet.append([f"{province.name_lo} / {province.name_en}", rng.randint(2, 40), rng.randint(200, 5000),
                      rng.randint(200, 5000)])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str):
    upload = ContentFile(content, name=name)
    return checked_document(upload)


@transaction.atomic
def seed_demo(*, rng: random.Random, stdout=None) -> None:
    """Create the demo content once (does nothing when news exist already)."""
    if NewsItem.objects.exists():
        _say(stdout, "Content demo data exists already.\n")
        return
    secretariat = (
        User.objects.filter(roles__kind=Role.Kind.SECRETARIAT, is_active=True).order_by("pk").first()
    )
    if secretariat is None:
        _say(stdout, "No secretariat account: create the demo accounts first. No content demo data.\n")
        return
    now = timezone.now()
    groups = {group.code: group for group in SectorGroup.objects.all()}
    organizations = list(Organization.objects.listed().order_by("pk"))

    def some_organizations(count: int) -> list[Organization]:
        return rng.sample(organizations, min(count, len(organizations)))

    for days, codes, title_lo, title_en, body_lo, body_en, supported, extra in NEWS:
        data = {
            "title_lo": title_lo,
            "title_en": title_en,
            "body_lo": body_lo,
            "body_en": body_en,
            "supported_by_lo": supported[0],
            "supported_by_en": supported[1],
            "byline": "ຫ້ອງການປະສານງານ (demo)",
            "visibility": extra.get("visibility", "public"),
            "status": extra.get("status", "published"),
            "published_at": None if extra.get("status") == "draft" else now - timedelta(days=days, hours=2),
            "cover_alt_lo": "ພາບປະກອບ" if title_lo else "",
            "cover_alt_en": "Illustration" if title_en else "",
        }
        services.news_create(
            data=data,
            m2m={"sector_groups": [groups[code] for code in codes], "organizations": some_organizations(2)},
            by=secretariat,
            cover=_cover(rng, codes[0]) if days % 2 == 0 or days > 10 else None,
        )

    events = []
    for (
        days,
        hours,
        kind,
        title_lo,
        title_en,
        text_lo,
        text_en,
        place,
        province,
        capacity,
        registration,
        visibility,
        codes,
        online,
    ) in EVENTS:
        starts = timezone.localtime(now + timedelta(days=days)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        data = {
            "title_lo": title_lo,
            "title_en": title_en,
            "kind": kind,
            "description_lo": text_lo,
            "description_en": text_en,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=hours),
            "location_lo": place[0],
            "location_en": place[1],
            "province": Province.objects.filter(code=province).first() if province else None,
            "online_url": "https://meet.example.org/laocso-demo" if online else "",
            "registration_open": registration,
            "capacity": capacity,
            "visibility": visibility,
            "status": "published",
            "published_at": now - timedelta(days=max(0, -days) + 14),
        }
        m2m = {"sector_groups": [groups[code] for code in codes], "organizers": some_organizations(1)}
        events.append(services.event_create(data=data, m2m=m2m, by=secretariat))

    # Registrations by the people who edit demo organizations; the small webinar gets a waiting list.
    editors = {
        role.organization_id: role.user
        for role in OrganizationRole.objects.filter(organization__in=organizations).select_related("user")
    }
    registrable = [organization for organization in organizations if organization.pk in editors]
    for event in events:
        if not event.registration_is_open:
            continue
        for organization in rng.sample(registrable, min(3, len(registrable))):
            # The small webinar fills up: its later registrations go on the waiting list.
            low = 4 if event.capacity and event.capacity <= 12 else 1
            women, men = rng.randint(low, 6), rng.randint(low, 6)
            services.registration_create(
                event=event,
                organization=organization,
                women=women,
                men=men,
                by=editors[organization.pk],
                notify=False,
            )

    documents = [
        ("annual", "report", "ບົດລາຍງານປະຈຳປີ 2024 ຂອງຫ້ອງການປະສານງານ", "Coordination office annual report 2024",
         "lo", 2024, "public", ["GOV"], "ລາຍງານປະຈຳປີ-2024.pdf"),
        ("guide", "guideline", "ຄູ່ມື ການລາຍງານ ການປະກອບສ່ວນ", "Guide to reporting contributions", "lo-en", 2025,
         "public", ["GOV"], "reporting-guide.pdf"),
        ("law", "law", "ບົດສະຫຼຸບ ລະບຽບການ ກ່ຽວກັບ ສະມາຄົມ", "Summary of the rules on associations", "lo", 2023,
         "public", ["GOV"], "associations-summary.pdf"),
        ("minutes", "minutes", "ບົດບັນທຶກ ກອງປະຊຸມ ຄະນະກຳມະການ", "Minutes of the coordination committee", "lo", 2025,
         "members", ["GOV"], "ບົດບັນທຶກ.pdf"),
    ]  # fmt: skip
    for key, kind, title_lo, title_en, language, year, visibility, codes, filename in documents:
        checked = _upload(
            lao_pdf(title=title_lo, blocks=DOCUMENT_TEXT[key], author="Lao CSO Platform (demo)"), filename
        )
        services.document_create(
            checked=checked,
            data={
                "title_lo": title_lo,
                "title_en": title_en,
                "kind": kind,
                "language": language,
                "year": year,
                "visibility": visibility,
                "status": "published",
                "published_at": now - timedelta(days=rng.randint(3, 40)),
            },
            m2m={"sector_groups": [groups[code] for code in codes]},
            by=secretariat,
        )
    training = docx_bytes(
        [
            "Facilitation skills for community meetings",
            "1. Prepare the agenda with the village committee.",
            "2. Give everyone a turn to speak, women and young people first.",
            "ທັກສະ ການອຳນວຍຄວາມສະດວກ ກອງປະຊຸມບ້ານ",
        ]
    )
    for content, filename, kind, title_lo, title_en, language in [
        (training, "facilitation.docx", "training", "ທັກສະ ການອຳນວຍຄວາມສະດວກ", "Facilitation skills", "lo-en"),
        (
            _xlsx(rng),
            "contributions-2024.xlsx",
            "report",
            "ຂໍ້ມູນ ການປະກອບສ່ວນ 2024",
            "Contribution data 2024",
            "lo-en",
        ),
    ]:
        services.document_create(
            checked=_upload(content, filename),
            data={
                "title_lo": title_lo,
                "title_en": title_en,
                "kind": kind,
                "language": language,
                "year": 2024,
                "visibility": "public",
                "status": "published",
                "published_at": now - timedelta(days=rng.randint(3, 40)),
                "organization": organizations[0] if organizations else None,
            },
            m2m={"sector_groups": [groups["EDSP"]]},
            by=secretariat,
        )

    for days, kind, title_lo, title_en, text_lo, text_en, offered_by, codes, by_member in OPPORTUNITIES:
        services.opportunity_create(
            data={
                "title_lo": title_lo,
                "title_en": title_en,
                "kind": kind,
                "description_lo": text_lo,
                "description_en": text_en,
                "offered_by": offered_by,
                "organization": rng.choice(organizations) if by_member and organizations else None,
                "deadline": timezone.localdate() + timedelta(days=days),
                "apply_url": "https://example.org/apply",
                "visibility": "public",
                "status": "published",
                "published_at": now - timedelta(days=max(1, -days + 10)),
            },
            m2m={"sector_groups": [groups[code] for code in codes]},
            by=secretariat,
        )

    for email, language in [("member@demo.laocso.org", "lo"), ("secretariat@demo.laocso.org", "en")]:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            subscription_save(user=user, is_active=True, language=language, sector_groups=[])
    _say(stdout, "Content demo data: news, events, documents and opportunities created.\n")
