"""Messages that Django itself shows to our users, listed here so that `makemessages` puts them in
the Lao catalogue (Django ships no Lao translation). Nothing imports this module."""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

MONTHS = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]
WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
FORM_ERRORS = [
    _("This field is required."),
    _("Enter a valid email address."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a valid date/time."),
    _("Enter a valid URL."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("The two password fields didn’t match."),
    _("This password is too common."),
    _("This password is entirely numeric."),
    _("Your old password was entered incorrectly. Please enter it again."),
    _("The password is too similar to the %(verbose_name)s."),
]
PASSWORD_FORMS = [
    _("Email"),
    _("Old password"),
    _("New password"),
    _("New password confirmation"),
    _("Password confirmation"),
    _("Enter the same password as before, for verification."),
    _("Your password can’t be too similar to your other personal information."),
    _("Your password can’t be a commonly used password."),
    _("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
PAGE_TITLES = [
    _("Password reset"),
    _("Password reset sent"),
    _("Enter new password"),
    _("Password reset unsuccessful"),
    _("Password reset complete"),
    _("Password change"),
    _("Password change successful"),
]
