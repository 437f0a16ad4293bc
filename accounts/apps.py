from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import privacy, signals  # noqa: F401 (signals connects the sign-in receivers)

        privacy.register()
