from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from core import privacy as personal_data
        from directory import privacy
        from directory.index import KIND, reindex_all
        from search.registry import register

        register(KIND, reindex_all)
        personal_data.register("directory", export=privacy.export, erase=privacy.erase)
