from django.apps import AppConfig


class LaocsoConfig(AppConfig):
    """The project package as an app: it sits above every other app, so it wires them together."""

    name = "laocso"
    verbose_name = "Lao CSO Platform"

    def ready(self):
        from content.selectors import sector_documents_panel, sector_news_panel
        from governance import hooks
        from projects.selectors import sector_reporting_panel

        hooks.register_sector_panel("news", sector_news_panel)
        hooks.register_sector_panel("documents", sector_documents_panel)
        hooks.register_sector_panel("reporting", sector_reporting_panel)
