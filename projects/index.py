"""What the search index holds about a project: its title, summary, places and topics, at the
project's own visibility level. Budgets and figures are never indexed."""

from django.urls import reverse
from django.utils import translation

from directory.models import Organization
from projects.models import Project
from search.services import index_delete, index_upsert

KIND = "project"


def project_index(project: Project, *, locations=None, themes=None, partners=None) -> None:
    """Index a project in Lao and English, inside the caller's transaction. A project of an
    organization that is not an active member leaves the index. A bulk import passes the places,
    themes and partners it has just written, sparing the queries."""
    if project.organization.status != Organization.Status.ACTIVE:
        index_delete(kind=KIND, object_id=project.pk)
        return
    if locations is None:
        locations = list(project.locations.select_related("province", "district"))
    if themes is None:
        themes = list(project.themes.all())
    if partners is None:
        partners = list(project.partners.select_related("organization"))
    places = [location.province for location in locations] + [
        location.district for location in locations if location.district
    ]
    organization = project.organization
    texts = [
        project.title_lo,
        project.title_en,
        project.summary_lo,
        project.summary_en,
        organization.name_lo,
        organization.name_en,
        organization.acronym,
        project.sector_group.name_lo,
        project.sector_group.name_en,
        project.government_counterpart,
        *(location.village for location in locations),
        *(place.name_lo for place in places),
        *(place.name_en for place in places),
        *(theme.name_lo for theme in themes),
        *(theme.name_en for theme in themes),
        *(partner.display_name for partner in partners),
    ]
    keys = [organization.acronym, *(place.name_en_alt for place in places if place.name_en_alt)]
    for language in ("lo", "en"):
        with translation.override(language):
            index_upsert(
                kind=KIND,
                object_id=project.pk,
                language=language,
                title=project.title,
                snippet=f"{organization.name} · {project.summary}"[:300],
                url=reverse("projects:project-detail", args=[project.pk]),
                visibility=project.visibility,
                texts=[text for text in texts if text],
                keys=[key for key in keys if key],
            )


INLINE = 50  # pending projects indexed right after an import commits; the rest by the command


def index_pending(*, limit: int | None = None) -> int:
    """Index projects a bulk import left pending, oldest first, in batches (each batch commits on its
    own, so a crash loses nothing: what is left stays pending). Returns how many were indexed. Run
    after each import (up to INLINE) and by `manage.py index_pending_projects` (cron, every minute)."""
    from django.db import transaction

    done = 0
    while limit is None or done < limit:
        size = 200 if limit is None else min(200, limit - done)
        with transaction.atomic():
            batch = list(
                Project.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(index_pending=True)
                .select_related("organization", "sector_group")
                .prefetch_related(
                    "themes", "locations__province", "locations__district", "partners__organization"
                )
                .order_by("pk")[:size]
            )
            if not batch:
                break
            for project in batch:
                project_index(
                    project,
                    locations=list(project.locations.all()),
                    themes=list(project.themes.all()),
                    partners=list(project.partners.all()),
                )
            Project.objects.filter(pk__in=[project.pk for project in batch]).update(index_pending=False)
        done += len(batch)
    return done


def reindex_all() -> int:
    count = 0
    projects = (
        Project.objects.filter(organization__status=Organization.Status.ACTIVE)
        .select_related("organization", "sector_group")
        .prefetch_related("themes")
        .order_by("pk")
    )
    for project in projects.iterator(chunk_size=500):
        project_index(project)
        count += 1
    return count
