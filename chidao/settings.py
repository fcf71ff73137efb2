"""Settings for chidao. Everything that differs between machines comes from the environment."""

import datetime as dt
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chidao.core.env import env_bool, env_file, env_int, env_json_object, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CHIDAO_VAR_DIR", str(BASE_DIR / "var")))
DATA_DIR = BASE_DIR / "data"

TESTING = "pytest" in sys.modules or env_bool("CHIDAO_TESTING", False)
DEBUG = env_bool("CHIDAO_DEBUG", False)

# The key comes from CHIDAO_SECRET_KEY; failing that, from the file `make` writes in the var
# directory (so `.venv/bin/chidao …` in a checkout after `make run` shares the server's key
# without any variable). Production sets the variable or provisions that file, else start-up fails.
SECRET_KEY = env_str("CHIDAO_SECRET_KEY") or env_file(VAR_DIR / "secret_key")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-key-for-local-debugging-and-tests-only"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            f"CHIDAO_SECRET_KEY is not set and {VAR_DIR / 'secret_key'} does not exist. "
            "`make run` creates that file in a checkout; in production set the variable."
        )

ALLOWED_HOSTS = env_list("CHIDAO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CHIDAO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "chidao.core.admin_site.ChidaoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger UI from our own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "chidao.core",
    "chidao.storage",
    "chidao.audit",
    "chidao.notifications",
    "chidao.accounts",
    "chidao.units",
    "chidao.people",
    "chidao.documents",
    "chidao.committees",
    "chidao.officialdocs",
    "chidao.explanations",
    "chidao.tasks",
    "chidao.urging",
    "chidao.reports",
    "chidao.meetings",
    "chidao.evaluation",
    "chidao.obstacles",
    "chidao.reviews",
    "chidao.inspections",
    "chidao.indicators",
    "chidao.ingest",
    "chidao.synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "chidao.core.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Vietnamese unless the user chose English (replaces LocaleMiddleware; needs the user).
    "chidao.core.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "chidao.urls"
WSGI_APPLICATION = "chidao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chidao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chidao.notifications.context_processors.notifications",
                "chidao.core.navigation.menu",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL points elsewhere (PostgreSQL in production).
# Connections persist (10 minutes, checked before reuse) outside debug and tests: opening one
# costs about 8 ms a request on PostgreSQL. CHIDAO_DB_CONN_MAX_AGE=0 closes them each request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chidao.sqlite3'}"),
        conn_max_age=env_int("CHIDAO_DB_CONN_MAX_AGE", 0 if DEBUG or TESTING else 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboards' aggregates for longer than they run (358 ms
    # of compiling for 20 ms of work, measured); CHIDAO_DB_JIT=true turns it back on.
    jit = "on" if env_bool("CHIDAO_DB_JIT", False) else "off"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={jit}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (server, worker, commands) wait rather than fail at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The covering index of the task dashboard (INCLUDE columns) is PostgreSQL's; SQLite
    # builds it without them, which is all the embedded default needs: not worth a warning
    # on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# A PostgreSQL streaming replica for dashboards and exports (chidao/core/replica.py,
# docs/deployment.md): off unless CHIDAO_REPLICA_URL is set.
if env_str("CHIDAO_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("CHIDAO_REPLICA_URL", ""),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": 2,  # a replica that is down must not hold a dashboard up
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["chidao.core.db_router.ReplicaRouter"]
CHIDAO_REPLICA_MAX_LAG = env_int("CHIDAO_REPLICA_MAX_LAG", 30)
CHIDAO_REPLICA_CHECK_EVERY = env_int("CHIDAO_REPLICA_CHECK_EVERY", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The API's bearer tokens: chidao.core.api_auth asks this function (user, read_only) or None.
CHIDAO_API_TOKEN_LOOKUP = "chidao.accounts.tokens.bearer_user"  # noqa: S105 (a path, no secret)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in. django-axes counts failures per account and per address: CHIDAO_LOGIN_FAILURE_LIMIT
# (10) failures lock that account, and that address, for CHIDAO_LOGIN_LOCKOUT_MINUTES (30).
# Each failure is also in the change log (accounts.views.LoginView).
AUTHENTICATION_BACKENDS = [
    "chidao.accounts.backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
    "chidao.accounts.oidc.ProviderBackend",
]
AXES_FAILURE_LIMIT = env_int("CHIDAO_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CHIDAO_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chidao.accounts.views.locked_out"
AXES_VERBOSE = False
if env_bool("CHIDAO_BEHIND_TLS_PROXY", False):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Second factor (TOTP, django-otp): required to reach the admin, optional elsewhere; a user
# who has set it up gives the code at each sign-in.
OTP_TOTP_ISSUER = env_str("CHIDAO_OTP_ISSUER", "chidao")
# Personal API tokens expire after this many days unless created otherwise.
CHIDAO_TOKEN_DAYS = env_int("CHIDAO_TOKEN_DAYS", 90)
# Password reset links are valid this long.
PASSWORD_RESET_TIMEOUT = env_int("CHIDAO_PASSWORD_RESET_SECONDS", 3 * 3600)

# Single sign-on through the province's OpenID Connect provider (mozilla-django-oidc), on
# when CHIDAO_OIDC_CLIENT_ID is set. The provider's user is mapped to a chidao account
# (accounts.SsoIdentity); a new one starts as a viewer without unit until an administrator
# sets its unit and role.
OIDC_RP_CLIENT_ID = env_str("CHIDAO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("CHIDAO_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("CHIDAO_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("CHIDAO_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("CHIDAO_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("CHIDAO_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("CHIDAO_OIDC_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = env_str("CHIDAO_OIDC_ISSUER", "")
OIDC_AUTHENTICATE_CLASS = "chidao.accounts.oidc.StartView"
OIDC_CALLBACK_CLASS = "chidao.accounts.oidc.CallbackView"

if TESTING:
    # Hashing personas' passwords with PBKDF2 costs seconds per test; strength is not tested.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chidao" / "locale"]
# Dates typed dd/mm/yyyy whatever the language (chidao/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["chidao.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "chidao" / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
# Stored files (evidence, attachments, ingest sources, generated documents) go through
# Django's storage API. By default the file system under CHIDAO_UPLOAD_DIR (outside the web
# root); object storage is a setting: CHIDAO_FILE_STORAGE=storages.backends.s3.S3Storage with
# CHIDAO_FILE_STORAGE_OPTIONS='{"bucket_name": "...", "endpoint_url": "..."}' (django-storages).
STORAGES = {
    "default": {
        "BACKEND": env_str("CHIDAO_FILE_STORAGE", "chidao.storage.backends.UploadStorage"),
        "OPTIONS": env_json_object("CHIDAO_FILE_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Official documents (chidao/officialdocs): an agency replaces a Word template of
# chidao/officialdocs/docx_templates by a file of the same name in this directory.
CHIDAO_DOCUMENT_TEMPLATES_DIR = env_str("CHIDAO_DOCUMENT_TEMPLATES_DIR", "")

# Transport. Outside debug (and tests) chidao is served over HTTPS: cookies are Secure and
# browsers are told by HSTS to use HTTPS only. A demo on http://127.0.0.1 (`make run`) turns
# both off through the environment. Behind a TLS-terminating proxy, set
# CHIDAO_BEHIND_TLS_PROXY so Django trusts its X-Forwarded-Proto (HSTS is only sent on
# requests it sees as secure).
_PLAIN_HTTP_DEFAULT = DEBUG or TESTING
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("CHIDAO_SECURE_COOKIES", not _PLAIN_HTTP_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "chidao.core.error_views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("CHIDAO_HSTS_SECONDS", 0 if _PLAIN_HTTP_DEFAULT else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CHIDAO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("CHIDAO_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("CHIDAO_SSL_REDIRECT", False)
if env_bool("CHIDAO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from this site's files — no inline
# script, no eval (chidao/static/chidao.js holds the little behaviour there is). Inline styles
# are still allowed: a few templates carry <style> blocks and style attributes, which cannot
# run code. Images may be data: URIs (the QR code of the second-factor set-up).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Background jobs: Django's tasks API, stored in the database, run by `chidao db_worker`.
# Background jobs: Django's tasks API, stored in the database, run by `chidao run-worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# A worker not heard of for this many seconds is dead: what its jobs had claimed (reminders
# being sent, documents being built) may be taken up, and after twice as long the jobs
# themselves go back in the queue (chidao.core.worker). A job whose worker died
# CHIDAO_WORKER_MAX_ATTEMPTS times is marked failed instead.
CHIDAO_WORKER_LEASE = env_int("CHIDAO_WORKER_LEASE", 90)
if CHIDAO_WORKER_LEASE < 2:
    raise ImproperlyConfigured("CHIDAO_WORKER_LEASE must be at least 2 (seconds)")
CHIDAO_WORKER_MAX_ATTEMPTS = env_int("CHIDAO_WORKER_MAX_ATTEMPTS", 3)

# Mail goes through SMTP when CHIDAO_EMAIL_HOST is set; otherwise into files in var/outbox,
# so a demo machine without a mail server still shows what would have been sent.
EMAIL_HOST = env_str("CHIDAO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("CHIDAO_EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("CHIDAO_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("CHIDAO_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("CHIDAO_EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = env_int("CHIDAO_EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
# The address of this site as users reach it, for links in e-mails ("https://chidao.example.vn").
CHIDAO_BASE_URL = env_str("CHIDAO_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("CHIDAO_EMAIL_FROM", "chidao <no-reply@chidao.localhost>")

# Follow-up of tasks.
CHIDAO_DUE_SOON_DAYS = env_int("CHIDAO_DUE_SOON_DAYS", 7)
CHIDAO_REMIND_BEFORE_DAYS = [int(d) for d in env_list("CHIDAO_REMIND_BEFORE_DAYS", ["7", "1"])]
# Days before inspection day a unit that has not sent its preparation is reminded.
CHIDAO_INSPECTION_REMIND_BEFORE_DAYS = [
    int(d) for d in env_list("CHIDAO_INSPECTION_REMIND_BEFORE_DAYS", ["7", "2"])
]
CHIDAO_ESCALATE_AFTER_DAYS = env_int("CHIDAO_ESCALATE_AFTER_DAYS", 14)
# Whether the standing agency is notified of each progress report, and of each completion.
CHIDAO_NOTIFY_STANDING_OF_PROGRESS = env_bool("CHIDAO_NOTIFY_STANDING_OF_PROGRESS", True)
CHIDAO_NOTIFY_STANDING_OF_COMPLETION = env_bool("CHIDAO_NOTIFY_STANDING_OF_COMPLETION", True)
# When a task is proposed for an explanation request (yêu cầu giải trình), unless its committee
# sets its own rule: overdue more than this many days, or more than this many reminders sent.
CHIDAO_EXPLAIN_AFTER_OVERDUE_DAYS = env_int("CHIDAO_EXPLAIN_AFTER_OVERDUE_DAYS", 30)
CHIDAO_EXPLAIN_AFTER_REMINDERS = env_int("CHIDAO_EXPLAIN_AFTER_REMINDERS", 3)
# Days a unit has to answer an explanation request.
CHIDAO_EXPLAIN_WITHIN_DAYS = env_int("CHIDAO_EXPLAIN_WITHIN_DAYS", 7)
# The job `chidao run-worker` enqueues every CHIDAO_URGE_INTERVAL seconds and `chidao urge`
# runs: every part's reminders planned, then the outbox delivered (chidao/jobs.py).
CHIDAO_DAILY_JOB = "chidao.jobs.urge"
CHIDAO_UPLOAD_DIR = Path(env_str("CHIDAO_UPLOAD_DIR", str(VAR_DIR / "uploads")))
CHIDAO_UPLOAD_MAX_BYTES = env_int("CHIDAO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# The text of one decision read by `ingest`: reading grows faster than linearly with the text
# (256 KB ≈ 2 s), so a longer text is refused (413) rather than left to the worker's timeout.
CHIDAO_INGEST_MAX_TEXT_BYTES = env_int("CHIDAO_INGEST_MAX_TEXT_BYTES", 256 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Whether anyone, signed in or not, may read committee compositions and the register.
CHIDAO_PUBLIC_REGISTER = env_bool("CHIDAO_PUBLIC_REGISTER", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHIDAO_LOG_LEVEL", "INFO")},
}
