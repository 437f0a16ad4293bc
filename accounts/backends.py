from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

# The secretariat keeps the reference lists and accounts in the admin site.
SECRETARIAT_ADMIN_APPS = {"core", "accounts", "directory", "projects", "governance", "content"}


class EmailRoleBackend(ModelBackend):
    """Email sign-in (case-insensitive) and admin permissions that follow the secretariat role."""

    def get_all_permissions(self, user_obj, obj=None):
        permissions = super().get_all_permissions(user_obj, obj)
        if obj is not None or not getattr(user_obj, "is_secretariat", False):
            return permissions
        if not hasattr(user_obj, "_secretariat_perm_cache"):
            user_obj._secretariat_perm_cache = {
                f"{app}.{codename}"
                for app, codename in Permission.objects.filter(
                    content_type__app_label__in=SECRETARIAT_ADMIN_APPS
                ).values_list("content_type__app_label", "codename")
            }
        return set(permissions) | user_obj._secretariat_perm_cache

    def has_module_perms(self, user_obj, app_label):
        if getattr(user_obj, "is_secretariat", False) and app_label in SECRETARIAT_ADMIN_APPS:
            return True
        return super().has_module_perms(user_obj, app_label)
