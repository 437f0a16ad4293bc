from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.privacy import person_erase
from accounts.views import recently_authenticated

admin.site.site_header = _("Lao CSO Platform administration")
admin.site.site_title = _("Lao CSO Platform")
admin.site.unregister(Group)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["kind", "sector_group"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "last_login"]
    list_filter = ["is_active", "preferred_language", "roles__kind"]
    search_fields = ["email", "full_name"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["erase_personal_data"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Changing someone's roles or access asks for the password again after a quiet while.
        if request.method == "POST" and not recently_authenticated(request):
            return redirect(f"{reverse('accounts:confirm-password')}?next={request.get_full_path()}")
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Erase the personal data of the selected people"))
    def erase_personal_data(self, request, queryset):
        if not recently_authenticated(request):
            self.message_user(
                request, _("Confirm your password first, then choose the action again."), messages.ERROR
            )
            return redirect(f"{reverse('accounts:confirm-password')}?next={request.get_full_path()}")
        erased = 0
        for user in queryset.exclude(pk=request.user.pk).exclude(is_superuser=True):
            person_erase(user=user, by=request.user)
            erased += 1
        self.message_user(request, _("Personal data erased for %(count)s people.") % {"count": erased})
        return None

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser makes superusers; the admin site follows the secretariat role.
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["is_staff"] + ([] if request.user.is_superuser else ["is_superuser"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        is_staff = user.is_superuser or user.roles.filter(kind=Role.Kind.SECRETARIAT).exists()
        if user.is_staff != is_staff:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])
