from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from core import privacy as personal_data
        from governance import privacy
        from governance.index import DECISION, MEETING, reindex_decisions, reindex_meetings
        from search.registry import register

        register(MEETING, reindex_meetings)
        register(DECISION, reindex_decisions)
        personal_data.register("governance", export=privacy.export, erase=privacy.erase)
        from core import demo
        from governance.demo import seed_demo

        demo.register("governance", seed_demo)

    def calendar_entries(self, *, start, end):
        """The meetings for the events calendar of the content app (content/calendar.py)."""
        from governance.calendar import meeting_entries

        return meeting_entries(start=start, end=end)
