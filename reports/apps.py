from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dashboards, national report, open data and IATI"

    def ready(self):
        from core import demo
        from reports.demo import seed_demo

        demo.register("reports", seed_demo)
