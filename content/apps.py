from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Information sharing"

    def ready(self):
        from content import privacy
        from content.index import REINDEXERS
        from core import privacy as personal_data
        from search.registry import register

        for kind, reindex_all in REINDEXERS.items():
            register(kind, reindex_all)
        personal_data.register("content", export=privacy.export, erase=privacy.erase)
        from content.demo import seed_demo
        from core import demo

        demo.register("content", seed_demo)
