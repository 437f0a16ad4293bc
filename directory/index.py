"""What the search index holds about an organization: only its always-public fields."""

from django.urls import reverse
from django.utils import translation

from directory.models import Organization, Visibility
from search.services import index_delete, index_upsert

KIND = "organization"


def organization_index(organization: Organization) -> None:
    """Index an organization in Lao and English. Called by the services that change it, inside their
    transaction. Contacts, staff and registration details are never indexed."""
    if organization.status != Organization.Status.ACTIVE:
        # Only active members are public; the secretariat finds the others in its own lists.
        index_delete(kind=KIND, object_id=organization.pk)
        return
    places = [organization.head_office_province, *organization.provinces.all()]
    groups = [*list(organization.sector_groups.all()), organization.primary_sector_group]
    themes = list(organization.themes.all())
    texts = [
        organization.name_lo,
        organization.name_en,
        organization.acronym,
        organization.mission_lo,
        organization.mission_en,
        organization.description_lo,
        organization.description_en,
        *(place.name_lo for place in places),
        *(place.name_en for place in places),
        *(group.name_lo for group in groups),
        *(group.name_en for group in groups),
        *(theme.name_lo for theme in themes),
        *(theme.name_en for theme in themes),
    ]
    keys = [organization.acronym, *(place.name_en_alt for place in places if place.name_en_alt)]
    for language in ("lo", "en"):
        with translation.override(language):
            index_upsert(
                kind=KIND,
                object_id=organization.pk,
                language=language,
                title=organization.name,
                snippet=(organization.mission or organization.description)[:300],
                url=reverse("directory:org-detail", args=[organization.slug]),
                visibility=Visibility.PUBLIC,
                texts=[text for text in texts if text],
                keys=[key for key in keys if key],
            )


def reindex_all() -> int:
    count = 0
    for organization in (
        Organization.objects.listed()
        .select_related("head_office_province", "primary_sector_group")
        .prefetch_related("provinces", "sector_groups", "themes")
        .iterator(chunk_size=500)
    ):
        organization_index(organization)
        count += 1
    return count
