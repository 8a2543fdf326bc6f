"""Settings for Malmö Internationell Redovisning.

Every environment differs only through environment variables; see README.md for the list.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from malmo_intl.env import env_bool, env_int, env_list, secret_key_weakness

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", default=False)
# Set by the test configuration: static files come straight from the source folders.
TESTING = env_bool("TESTING", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Set the environment variable SECRET_KEY to a long random string, "
            "or DEBUG=1 for local development."
        )
    # Development only: a fixed key is acceptable because DEBUG is on.
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105
# Whenever DEBUG is off, the tests included (they use a random key): no variable skips this.
if not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is not fit for production: {weakness}. Set SECRET_KEY to a long random "
        'string, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Serve static files through whitenoise in development too, so dev matches production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "projects",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "malmo_intl.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "projects.middleware.SessionLifetimeMiddleware",
    "projects.middleware.RoleRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it can turn a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "malmo_intl.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "malmo_intl.wsgi.application"

# Default: an embedded SQLite file for a quick start; production uses PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks are queued in the database and run by `manage.py db_worker`; the immediate
# backend runs them inside the request instead. The memo's PDF, Word file and publishing have
# the queue "memo" and a worker of their own, so no pile of Excel exports ("default") delays them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "").strip() or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "memo"],
    }
}
# Excel files one user may have waiting for the worker at once (asking for a file someone has
# asked for already is free), and the age after which a made file is removed
# (`manage.py export_files_cleanup`, from cron).
EXPORT_PENDING_PER_USER = env_int("EXPORT_PENDING_PER_USER", 3)
EXPORT_FILES_MAX_AGE_HOURS = env_int("EXPORT_FILES_MAX_AGE_HOURS", 24)

# One cache shared by every web process: the rate limit's counters. In the database, so no other
# service is needed; its table is made by a migration (reporting 0008).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Beyond this many entries Django removes some, expired or not: room for every user's
        # counters of a minute.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    # What is computed from a year's data, kept per data version (reporting/kept.py): its own
    # table, so that the rate limit's counters never push the figures out. Several servers
    # share it through the database; see docs/deployment.md.
    "figures": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_figures_cache",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}
# Requests per user and minute to each group of pages that read a year's data (figures, rows,
# trend) and to asking for export files; beyond it 429. RATE_LIMIT_ENABLED=0 for benchmarks.
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMIT_PER_MINUTE = env_int("RATE_LIMIT_PER_MINUTE", 120)
# Requests of one user in flight at once to the most expensive of them (figures JSON, CSV
# files, trend, asking for an Excel file); the next is answered 429.
CONCURRENT_REQUESTS_PER_USER = env_int("CONCURRENT_REQUESTS_PER_USER", 2)
# Expensive answers (the same requests, and the downloads of stored files) one server gives at
# once, whoever asks; the others wait for a slot (reporting/server_slots.py), and after
# EXPENSIVE_REQUEST_WAIT_SECONDS are answered 503. By default every processor but one, so one
# always stays for the other pages. 0: no bound. The slots are lock files in SERVER_SLOTS_DIR
# (below), on the server's own disk, shared by its web processes.
EXPENSIVE_REQUESTS_PER_SERVER = env_int(
    "EXPENSIVE_REQUESTS_PER_SERVER", max(1, (os.cpu_count() or 2) - 1)
)
EXPENSIVE_REQUEST_WAIT_SECONDS = env_int("EXPENSIVE_REQUEST_WAIT_SECONDS", 30)
AUTH_USER_MODEL = "projects.User"
# Axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]


# Single sign-on with the city's Entra ID (OpenID Connect, mozilla-django-oidc); see
# docs/deployment.md. Off by default: then no /oidc/ URL exists and nothing below is used.
OIDC_ENABLED = env_bool("OIDC_ENABLED", default=False)
OIDC_TENANT_ID = os.environ.get("OIDC_TENANT_ID", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
# The claim that holds the work e-mail address; Entra often sends it as "preferred_username"
# or "upn" rather than "email".
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "").strip() or "email"
OIDC_NAME_CLAIM = os.environ.get("OIDC_NAME_CLAIM", "").strip() or "name"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
ENTRA_TENANT_URL = f"https://login.microsoftonline.com/{OIDC_TENANT_ID}"
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ENTRA_TENANT_URL}/oauth2/v2.0/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{ENTRA_TENANT_URL}/oauth2/v2.0/token"
OIDC_OP_JWKS_ENDPOINT = f"{ENTRA_TENANT_URL}/discovery/v2.0/keys"
# Graph's userinfo adds the "email" claim, which Entra leaves out of v2.0 ID tokens unless it
# is configured as an optional claim; projects.oidc merges it with the ID token's claims.
OIDC_OP_USER_ENDPOINT = "https://graph.microsoft.com/oidc/userinfo"
OIDC_OP_LOGOUT_ENDPOINT = f"{ENTRA_TENANT_URL}/oauth2/v2.0/logout"
OIDC_OP_LOGOUT_URL_METHOD = "projects.oidc.provider_logout_url"
# A refused or cancelled single sign-on ends on the sign-in page.
LOGIN_REDIRECT_URL_FAILURE = reverse_lazy("login")
# Off: the sign-in page offers single sign-on only and no password is accepted anywhere
# (the admin's sign-in included).
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", default=True)
if OIDC_ENABLED and not DEBUG:
    missing = [
        name
        for name, value in (
            ("OIDC_TENANT_ID", OIDC_TENANT_ID),
            ("OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"OIDC_ENABLED is on but these are not set: {', '.join(missing)}. Set them from the "
            "app registration in Entra ID (docs/deployment.md), or turn OIDC_ENABLED off."
        )
if not LOCAL_LOGIN_ENABLED and not OIDC_ENABLED:
    raise ImproperlyConfigured(
        "LOCAL_LOGIN_ENABLED is off and OIDC_ENABLED is off too: nobody could sign in. "
        "Turn one of them on."
    )
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("projects.oidc.OIDCBackend")
if not LOCAL_LOGIN_ENABLED:
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Copies of the files kept in the database (drafts, exports, published versions) on this
# server's disk, made on a file's first download so that later ones are sent by the operating
# system (reporting/file_copies.py); the oldest are removed beyond the budget. Disposable: the
# database holds the files.
DOWNLOAD_COPIES_DIR = Path(os.environ.get("DOWNLOAD_COPIES_DIR", MEDIA_ROOT / "download-copies"))
DOWNLOAD_COPIES_BYTES = env_int("DOWNLOAD_COPIES_MB", 512) * 1024 * 1024
# The lock files of the server's slots for expensive answers (EXPENSIVE_REQUESTS_PER_SERVER).
SERVER_SLOTS_DIR = Path(os.environ.get("SERVER_SLOTS_DIR", MEDIA_ROOT / "server-slots"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Without a collectstatic run (development, tests) whitenoise serves from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Files browsers ask for at the site's root (favicon.ico), served like the static files.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: the largest file (the Excel template) is 10 MB. A bigger request body is refused by
# projects.uploads before any of it is stored; the proxy's client_max_body_size sits just above.
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The EU's open files (CORDIS zips of tens of MB, Kohesio's country file) have their own page and
# limit, in MB; the proxy lets that one path through with a larger body (docs/deployment.md).
EU_UPLOAD_MAX_SIZE = env_int("EU_UPLOAD_MAX_MB", 200) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "projects.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Form fields other than files (the memo's texts are the largest); files are not counted here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploaded files up to this size stay in memory; larger ones go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# The sender when the organisation has set none (Organisation.email_from).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Public address of the site: every link in e-mail is built from it, so links are the same
# whether a mail is sent from a request, behind a proxy, or from cron.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# On: published years' figures are open without sign-in at /oppna-data/ (docs/open-data.md).
PUBLIC_FIGURES = env_bool("PUBLIC_FIGURES", default=False)

# Security: on by default in production, relaxed only when DEBUG is on.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS-terminating proxy the original scheme arrives in this header.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Everything is served from this site; Bootstrap's icons are data: URIs in its CSS. Django's
# admin needs no inline script or style either, so the one policy covers /admin/ too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if OIDC_ENABLED:
    # "Logga ut" posts to this site, which redirects to Entra ID's end-session page; browsers
    # check that redirect against form-action too.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("https://login.microsoftonline.com")
# Browser features the site never uses are switched off for it and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
X_FRAME_OPTIONS = "DENY"

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
# sign-in whatever the activity. projects.middleware.SessionLifetimeMiddleware slides the
# expiry at most once a minute (rather than SESSION_SAVE_EVERY_REQUEST's write per request).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_AGE = env_int("SESSION_MAX_HOURS", 12) * 60 * 60

# Behind the city's proxy every request comes from the proxy's address. With
# TRUSTED_PROXY_COUNT=1 the client's address is taken from X-Forwarded-For, as the proxy
# nearest to the application wrote it; leave 0 when nothing trusted sits in front.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Password sign-in (/konto/logga-in/ and /admin/login/) is locked for a user name or an address
# after LOGIN_FAILURE_LIMIT failures; the wait starts at LOGIN_LOCKOUT_MINUTES and doubles with
# each further failure, up to LOGIN_LOCKOUT_MAX_HOURS. See projects/lockout.py.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_BASE = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 5))
LOGIN_LOCKOUT_MAX = datetime.timedelta(hours=env_int("LOGIN_LOCKOUT_MAX_HOURS", 24))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "projects.lockout.LockoutHandler"
AXES_COOLOFF_TIME = "projects.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "projects.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "projects.lockout.client_ip"
AXES_USERNAME_CALLABLE = "projects.lockout.client_username"
# Django's login forms post the e-mail address as "username", whatever the user model calls it.
AXES_USERNAME_FORM_FIELD = "username"
# A successful sign-in forgets the earlier failures of that user name and address.
AXES_RESET_ON_SUCCESS = True
# Axes's own log keeps every failed and locked-out attempt (admin: Axes, access failures).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO; keep only their warnings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
