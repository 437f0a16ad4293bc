from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects and reporting"

    def ready(self):
        from projects.index import KIND, reindex_all
        from search.registry import register

        register(KIND, reindex_all)
        from core import demo
        from projects.demo import seed_demo

        demo.register("projects", seed_demo)
