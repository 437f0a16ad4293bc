"""Settings for the Lao CSO Platform, read from the environment.

`LAOCSO_ENV=dev` (set by run.sh and test.sh) turns on development defaults: DEBUG, SQLite under var/,
console email. Anything else is production, which refuses to start without SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL. Every variable is listed in .env.example.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from laocso.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LAOCSO_VAR_DIR", str(BASE_DIR / "var")))

ENV = env_str("LAOCSO_ENV", "production")
DEV = ENV == "dev"

if DEV:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DATABASES = {
        "default": database_from_url(
            env_str("DATABASE_URL", "sqlite:///var/laocso.sqlite3"), base_dir=BASE_DIR
        )
    }
else:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
    DATABASES = {"default": database_from_url(env_str("DATABASE_URL", required=True), base_dir=BASE_DIR)}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The covering index of projects (Index(include=…)) is for PostgreSQL; SQLite builds it without
    # the extra columns, which is fine.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "core",
    "search",
    "accounts",
    "directory",
    "projects",
    "governance",
    "content",
    "reports",
    "api",
    "laocso",  # wires the apps together (laocso/apps.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages shrink to a third on slow links; Django pads compressed pages against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "core.cache.CachedPageMiddleware",  # anonymous cached pages skip the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.AuditDenialsMiddleware",
    "core.middleware.StorageFullMiddleware",
    "core.middleware.ReadOnlyMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "laocso.urls"
WSGI_APPLICATION = "laocso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# Form widgets render through TEMPLATES, so that templates/django/forms/ can lighten Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default: a typed "example.org" means https://

# Accounts: email sign-in, roles decide what a user may do.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailRoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# How many reverse proxies in front of the app append to X-Forwarded-For (0: believe only REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The secretariat and the committee must sign in with an authenticator app (off by default in development,
# so that the demo accounts work without one).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEV)
# Sessions of the secretariat and the committee end sooner (and after 30 minutes without a request).
PRIVILEGED_SESSION_AGE = env_int("PRIVILEGED_SESSION_AGE", 8 * 60 * 60)

# Languages: Lao first. Django 5.2 ships no Lao locale, so register it here; the catalogue is in
# locale/lo and the date and number formats in laocso/formats/lo.
LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"})
LANGUAGE_CODE = "lo"
LANGUAGES = [("lo", "ລາວ"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["laocso.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Vientiane"
LANGUAGE_COOKIE_NAME = "laocso_language"
LANGUAGE_COOKIE_SECURE = not DEV
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: hashed names, compressed, cached for ever by whitenoise; media outside the web root.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEV
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEV  # development serves static files straight from static/, no collectstatic

# One cache shared by every worker process on a host (files under var/ by default); Redis in
# production through CACHE_URL=redis://….
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# Mail.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lao CSO Platform <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEV and not env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10

# Security. Production runs behind a TLS-terminating reverse proxy (docs/deploy.md).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_NAME = "laocso_session"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEV:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Refuse every write with a 503 page while reads keep working (also switchable in the admin).
READ_ONLY = env_bool("READ_ONLY", False)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_NAME = _("Lao CSO Platform")
# The address used in links inside emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEV else "") or f"https://{ALLOWED_HOSTS[0]}"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line per audited action: for the production log; too chatty on a developer's console.
        "laocso.audit": {"level": env_str("AUDIT_LOG_LEVEL", "WARNING" if DEV else "INFO")},
        **({"django.server": {"level": "WARNING"}} if not DEV else {}),
    },
}
