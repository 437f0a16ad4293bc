from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api import privacy
        from api.demo import seed_demo
        from core import demo
        from core import privacy as personal_data

        personal_data.register("api", export=privacy.export, erase=privacy.erase)
        demo.register("api", seed_demo)
