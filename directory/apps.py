from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from directory.index import KIND, reindex_all
        from search.registry import register

        register(KIND, reindex_all)
