"""The search index: one row per entity and language, and the Latin aliases of Lao place names.

The full-text indexes over `search_text` and `plain_text` are database-specific and are not
Django fields: see migration 0002 and `search/engines.py`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What a search can find about one entity, in one display language.

    Each language row holds the words of *all* languages in `search_text`, so a Lao query finds
    an entity whose row is shown in English and the other way round; searches read only the rows
    of the viewer's language.
    """

    class Language(models.TextChoices):
        LAO = "lo", "ລາວ"
        ENGLISH = "en", "English"

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members")
        SECRETARIAT = "secretariat", _("Secretariat")

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.CharField(_("object id"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    title = models.CharField(_("title"), max_length=300)
    snippet = models.TextField(_("snippet"), blank=True)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility)
    boost = models.SmallIntegerField(_("boost"), default=0)
    # Normalized words as search.text splits them (lao.segment, then lao.join_compounds),
    # space-separated, then Latin keys and extra keys.
    search_text = models.TextField(_("search text"))
    # The normalized texts as written (Lao runs without spaces), for the substring fallback.
    plain_text = models.TextField(_("plain text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_one_row_per_language"
            ),
            models.CheckConstraint(
                name="search_entry_language_known", condition=Q(language__in=["lo", "en"])
            ),
            models.CheckConstraint(
                name="search_entry_visibility_known",
                condition=Q(visibility__in=["public", "members", "secretariat"]),
            ),
            models.CheckConstraint(
                name="search_entry_boost_range", condition=Q(boost__gte=-10, boost__lte=10)
            ),
            models.CheckConstraint(name="search_entry_kind_not_empty", condition=~Q(kind="")),
        ]
        indexes = [
            models.Index(fields=["language", "visibility", "kind"], name="search_entry_filter_idx"),
            # The order of the matches of a very common word (engines.COMMON_MATCHES), read as it is.
            models.Index(fields=["language", "-boost", "id"], name="search_entry_boost_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.language})"


class Alias(models.Model):
    """A Latin spelling that stands for a Lao name in queries ("vientiane" → "ວຽງຈັນ")."""

    term = models.CharField(_("term"), max_length=100)
    # lao.latin_key(term): queries are matched on this, so spelling variants fold together.
    key = models.CharField(_("Latin key"), max_length=100, db_index=True)
    expansion = models.CharField(_("Lao expansion"), max_length=200)

    class Meta:
        verbose_name = _("search alias")
        verbose_name_plural = _("search aliases")
        constraints = [
            models.UniqueConstraint(fields=["term"], name="search_alias_unique_term"),
            models.CheckConstraint(name="search_alias_key_not_empty", condition=~Q(key="")),
            models.CheckConstraint(name="search_alias_expansion_not_empty", condition=~Q(expansion="")),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansion}"
