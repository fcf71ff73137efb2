"""A small, real OpenID Connect provider (django-oidc-provider) for the single sign-on tests.

It runs in its own process (`serve.py`) on the loopback, with its own SQLite database, so
chidao talks to it over HTTP exactly as it would to a province's identity provider.
"""

import os

SECRET_KEY = "idp-test-only-" + "x" * 40  # noqa: S105 - a throwaway provider for tests
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "chidao.accounts.tests.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["IDP_DATABASE"]}
}
USE_TZ = True
LOGIN_URL = "/login/"
SITE_URL = os.environ.get("IDP_SITE_URL", "")
OIDC_USERINFO = "chidao.accounts.tests.idp.urls.userinfo"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
