from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.forms import QueuedPasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("confirm-password/", views.confirm_password, name="confirm-password"),
    path("security/", views.security_page, name="security"),
    path("my-data/", views.my_data, name="my-data"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html", success_url=reverse_lazy("accounts:password-change-done")
        ),
        name="password-change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/message_page.html"),
        name="password-change-done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            template_name="accounts/form_page.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/message_page.html"),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/message_page.html"),
        name="password-reset-complete",
    ),
]
