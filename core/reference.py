"""Loading the reference data shipped in core/data (sources in docs/data-sources.md).

Loading creates the rows that are missing and leaves existing rows alone, so that corrections the
secretariat makes in the admin survive a re-run; `update=True` overwrites them from the files.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import models, transaction

import lao
from core.models import (
    District,
    EthnicGroup,
    Milestone,
    PlanFramework,
    PlanOutcome,
    Province,
    SdgGoal,
    SdgTarget,
    SectorGroup,
    Theme,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

NSEDP9 = {
    "code": "NSEDP9",
    "name_en": "9th National Socio-Economic Development Plan 2021–2025",
    "name_lo": "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ ແຫ່ງຊາດ 5 ປີ ຄັ້ງທີ IX (2021–2025)",
    "starts_year": 2021,
    "ends_year": 2025,
}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def lao_text(value: str) -> str:
    return lao.clean(value) if value else ""


@dataclass
class Loaded:
    model: type[models.Model]
    created: int
    updated: int


def sync(
    model: type[models.Model], rows: Iterable[dict], *, key: Callable[[Any], Any], update: bool
) -> Loaded:
    """Create the rows whose natural key is missing; with `update`, overwrite changed fields of the
    others. `key` reads the natural key by attribute, from a model instance and from a row alike."""
    existing = {key(obj): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(key(Row(row)))
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [field for field, value in row.items() if getattr(obj, field) != value]
        if update and changed:
            for field in changed:
                setattr(obj, field, row[field])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields))
    return Loaded(model, len(to_create), len(to_update))


class Row(dict):
    """A row dict whose fields also read as attributes, so one key function serves rows and instances."""

    __getattr__ = dict.__getitem__


def by(*fields: str) -> Callable[[Any], tuple]:
    return lambda obj: tuple(getattr(obj, field) for field in fields)


def provinces() -> Iterable[dict]:
    for row in read_rows("provinces.csv"):
        # The COD name of LA10 is plain "Vientiane"; people mean the province, not the capital.
        name_en = "Vientiane Province" if row["code"] == "LA10" else row["name_en"]
        yield {
            "code": row["code"],
            "iso_code": row["iso_3166_2"],
            "name_en": name_en,
            "name_lo": lao_text(row["name_lo"]),
            "name_en_alt": row["name_en_alt"],
        }


def districts() -> Iterable[dict]:
    province_ids = dict(Province.objects.values_list("code", "id"))
    for row in read_rows("districts.csv"):
        yield {
            "code": row["code"],
            "province_id": province_ids[row["province_code"]],
            "name_en": row["name_en"],
            "name_lo": lao_text(row["name_lo"]),
            "name_en_alt": row["name_en_alt"],
            "name_lo_alt": lao_text(row["name_lo_alt"]),
        }


def sector_groups() -> Iterable[dict]:
    for row in read_rows("sector_groups.csv"):
        yield {
            "code": row["code"],
            "order": int(row["order"]),
            "name_en": row["name_en"],
            "name_lo": lao_text(row["name_lo"]),
            "name_lo_is_draft": row["name_lo_status"].startswith("draft"),
        }


def themes() -> Iterable[dict]:
    group_ids = dict(SectorGroup.objects.values_list("code", "id"))
    for row in read_rows("themes.csv"):
        yield {
            "code": row["code"],
            "order": int(row["order"]),
            "name_en": row["name_en"],
            "name_lo": lao_text(row["name_lo"]),
            "suggested_sector_group_id": group_ids.get(row["suggested_sector_group"]),
        }


def sdg_goals() -> Iterable[dict]:
    for row in read_rows("sdg_goals.csv"):
        yield {
            "number": int(row["code"]),
            "short_title_en": row["short_title_en"],
            "title_en": row["title_en"],
            "short_title_lo": lao_text(row["short_title_lo"]),
            "title_lo": lao_text(row["title_lo"]),
        }


def sdg_targets() -> Iterable[dict]:
    goal_ids = dict(SdgGoal.objects.values_list("number", "id"))
    for order, row in enumerate(read_rows("sdg_targets.csv")):
        yield {
            "code": row["code"],
            "goal_id": goal_ids[int(row["goal"])],
            "order": order,
            "title_en": row["title_en"],
            "title_lo": lao_text(row["title_lo"]),
        }


def plan_frameworks() -> Iterable[dict]:
    yield dict(NSEDP9)


def plan_outcomes() -> Iterable[dict]:
    framework = PlanFramework.objects.get(code=NSEDP9["code"])
    for row in read_rows("nsedp9_outcomes.csv"):
        yield {
            "framework_id": framework.id,
            "number": int(row["outcome_no"]),
            "title_en": row["title_en_as_reported"],
            "title_lo": lao_text(row["title_lo"]),
            "wording_note": "As reported in the press, not the official plan wording.",
        }


def ethnic_groups() -> Iterable[dict]:
    for row in read_rows("ethnic_groups.csv"):
        yield {
            "number": int(row["seq"]),
            "family_en": row["family_en"],
            "family_lo": lao_text(row["family_lo"]),
            "name_en": row["name_en"],
            "name_en_alt": row["name_en_alt"],
            "name_lo": lao_text(row["name_lo"]),
            "name_lo_confidence": row["name_lo_confidence"],
        }


def milestones() -> Iterable[dict]:
    for row in read_rows("milestones.csv"):
        yield {
            "date": date.fromisoformat(row["date"]),
            "year_only": row["year_only"] == "yes",
            "text_en": row["text_en"],
            "text_lo": lao_text(row["text_lo"]),
            "source": row["source"],
        }


@transaction.atomic
def reference_data_load(*, update: bool = False) -> list[Loaded]:
    """Load every reference list, in dependency order, all or nothing."""
    steps = [
        (Province, provinces, by("code")),
        (District, districts, by("code")),
        (SectorGroup, sector_groups, by("code")),
        (Theme, themes, by("code")),
        (SdgGoal, sdg_goals, by("number")),
        (SdgTarget, sdg_targets, by("code")),
        (PlanFramework, plan_frameworks, by("code")),
        (PlanOutcome, plan_outcomes, by("framework_id", "number")),
        (EthnicGroup, ethnic_groups, by("number")),
        (Milestone, milestones, by("date", "text_en")),
    ]
    # Each step's rows are read after the previous step is written: they look up its ids.
    return [sync(model, rows(), key=key, update=update) for model, rows, key in steps]
