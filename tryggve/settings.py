"""Settings, read from environment variables with local defaults.

Every setting that an operator may change is an environment variable; bad values
are reported by the system checks in ``tryggve/checks.py``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from tryggve.policies import DEFAULT_PERMISSIONS_POLICY, tile_source

BASE_DIR = Path(__file__).resolve().parent.parent

# Environment variables whose value could not be read, {name: value}: the setting keeps its
# default and the system checks report the variable (tryggve.E004).
UNREADABLE_ENV: dict[str, str] = {}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
        UNREADABLE_ENV[name] = value
    return value in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        UNREADABLE_ENV[name] = value
        return default


def envlist(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("TRYGGVE_DATA_DIR", "data")).resolve()
DEV_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # login lockouts
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "tryggve",
    "orgs",
    "reports",
    "audit",
    "picture",
    "meetings",
    "surveys",
    "measures",
    "inspections",
    "tryggve.limits",
    "accounts",
    "jobs",
]

MIDDLEWARE = [
    "tryggve.security.ForwardedHeadersMiddleware",  # X-Forwarded-* from trusted proxies only
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "tryggve.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tryggve.middleware.LanguageMiddleware",  # Swedish unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its page
]

ROOT_URLCONF = "tryggve.urls"
WSGI_APPLICATION = "tryggve.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tryggve.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections, checked before reuse (a restarted database is reconnected to).
    # They never cross a fork: `tryggve serve` closes them before gunicorn forks.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                                   conn_health_checks=True)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tryggve.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "tryggve.lockout.LockoutBackend",  # refuses a locked-out username and address
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tryggve" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True

# Database sessions that know their user, so that removing a leaver ends its sessions.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "tryggve.errorpages.csrf_failure"

# HTTPS. Behind a TLS-terminating proxy, list it in TRUSTED_PROXIES (addresses or networks):
# only then are its X-Forwarded-For (the client's address) and X-Forwarded-Proto believed.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
PERMISSIONS_POLICY = os.environ.get("PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY).strip()

# Login lockouts (django-axes): a username from one client address is locked for 15 minutes
# after 5 failed logins, on /login/ and /admin/login/ alike; the count is kept in the
# database, so every worker sees it.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # locked for 15 minutes, not longer
AXES_CLIENT_IP_CALLABLE = "tryggve.clientaddr.client_address"
AXES_LOCKOUT_CALLABLE = "tryggve.errorpages.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no table of every login with its address

# Map tiles. Leaflet itself is served from our static files; the tile server is a setting
# so that a municipality can point at its own. Empty means "no background tiles".
TILE_URL = os.environ.get("TRYGGVE_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILE_ATTRIBUTION = os.environ.get(
    "TRYGGVE_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
)

# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# never inline; images also from the tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [tile_source(TILE_URL)])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Limits on what a report may hold.
REPORT_TEXT_MAX_LENGTH = int(os.environ.get("TRYGGVE_REPORT_TEXT_MAX_LENGTH", "2000"))
REPORTS_PER_PAGE = 25

# Every line passes the redaction filter: no survey code (paths under /enkat/), no client
# address, no traceback for a request that was merely malformed (tryggve/logfilters.py).
# Mail (invitations, password resets). Without EMAIL_HOST, mail is written as files under
# TRYGGVE_DATA_DIR/mail, for development; `tryggve check --deploy` warns about that.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")  # port 465; else STARTTLS (587)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false" if EMAIL_USE_SSL else "true")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tryggve <tryggve@localhost>")

# Accounts: how long a new API token lives (also the longest a user may choose), and how
# long an invitation link may be used.
API_TOKEN_DAYS = int(os.environ.get("TRYGGVE_API_TOKEN_DAYS", "365"))
INVITATION_DAYS = int(os.environ.get("TRYGGVE_INVITATION_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "tryggve.logfilters.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {  # runserver's request lines, through the same filter
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
