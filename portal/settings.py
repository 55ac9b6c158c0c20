"""Settings for the Readouts portal, read from the environment.

Every value comes from an environment variable through a small typed helper that raises
ImproperlyConfigured on nonsense, so a typo fails at start-up instead of at the first request.
For local use, `make run` and `make test` provide DATABASE_URL and SECRET_KEY themselves (the
project's own PostgreSQL, and a key kept in .data/secret_key).
"""

import hashlib
import os
import secrets
import urllib.parse
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = BASE_DIR / ".data"


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), not {raw!r}")


def env_int(name, default, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name} must lie between {minimum} and {maximum}, not {value}")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list, not {raw!r}")
    return items


def database_config():
    """DATABASE_URL, or the project's own PostgreSQL (see scripts/localpg.py)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        # Not an error here: commands that never touch the database (the reader's dry run)
        # still work; the others fail to connect and name the socket they tried.
        from urllib.parse import quote

        pointer = STATE_DIR / "pgdata-path"
        folder = pointer.read_text().strip() if pointer.exists() else str(STATE_DIR / "pg")
        url = f"postgres://{_local_user()}@{quote(folder, safe='')}:5432/readouts"
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60, 0))
    except Exception as error:  # dj-database-url raises several types on a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL must name a database (postgres://.../NAME)")
    config["CONN_HEALTH_CHECKS"] = True
    options = config.setdefault("OPTIONS", {})
    # A server that does not answer is given up on in seconds (a 503 page), not after the
    # web server's own timeout.
    options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5, 1, 600))
    # Runaway work is stopped by PostgreSQL itself: a query past DB_STATEMENT_TIMEOUT seconds
    # (the page then says the search was too broad), a wait for a lock, a transaction left
    # open. 0 turns a limit off; manage.py turns the first off for commands (migrate, ingest)
    # and exports have their own (EXPORT_STATEMENT_TIMEOUT).
    limits = {
        "statement_timeout": env_int("DB_STATEMENT_TIMEOUT", 30, 0),
        "lock_timeout": env_int("DB_LOCK_TIMEOUT", 10, 0),
        "idle_in_transaction_session_timeout": env_int("DB_IDLE_IN_TRANSACTION_TIMEOUT", 60, 0),
    }
    given = options.get("options", "")
    options["options"] = " ".join(
        [given, *(f"-c {name}={seconds}s" for name, seconds in limits.items())]
    ).strip()
    return config


def cache_config(database):
    """CACHE_URL: unset, Django's local-memory cache, each server process its own (no other
    service); `redis://host:port/db`, Django's Redis cache, shared by every process and server
    that names it. Either way, what is kept is keyed by the data version in PostgreSQL."""
    url = os.environ.get("CACHE_URL", "").strip()
    common = {"KEY_PREFIX": cache_namespace(database), "TIMEOUT": 600}
    if not url:
        # About 200 filters' counts and rendered parts per process (some 150 kB each).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 600},
            **common,
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, **common}
    raise ImproperlyConfigured(
        f"CACHE_URL must be a redis:// (or rediss://, unix://) URL, or unset, not {url!r}"
    )


def cache_namespace(database):
    """The prefix of the cache's keys: which database its entries were read from. Two servers
    that share a cache but not a database (`make run` and `make bench` in one checkout) would
    otherwise read each other's counts under the same data version."""
    where = "\n".join(str(database.get(part) or "") for part in ("HOST", "PORT", "NAME"))
    return "db-" + hashlib.sha256(where.encode()).hexdigest()[:12]


def _local_user():
    if os.geteuid() == 0:
        return "postgres"
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def secret_key(debug):
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    local = STATE_DIR / "secret_key"
    if local.exists():
        return local.read_text().strip()
    if debug:
        return "django-insecure-" + secrets.token_urlsafe(40)
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random string "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PORT = env_int("PORT", 8000, 1, 65535)

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",  # django.contrib.admin, with our admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "readouts",
]

MIDDLEWARE = [
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed logins (the portal's and the admin's) per user name and address
# together, so that one attacker cannot lock everyone out: after LOGIN_FAILURE_LIMIT failures,
# that pair waits LOGIN_COOLOFF_MINUTES (a page says so); an editor can lift it in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, 1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "readouts.audit.locked_out_page"
AXES_DISABLE_ACCESS_LOG = True  # successful logins go to the audit trail (readouts/audit.py)
AXES_VERBOSE = False

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "readouts.browse.context_processors.portal",
            ],
        },
    },
    {
        # The list pages' long loops, rendered inside the Django templates (readouts_tags.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "readouts.templatetags.readouts_tags.jinja_environment"},
    },
]

DATABASES = {"default": database_config()}

# Facet counts and the filter form's suggestions, keyed by the data version PostgreSQL keeps
# (readouts/cache.py) and by the database they came from.
CACHES = {"default": cache_config(DATABASES["default"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env_list("TIME_ZONE", ["UTC"])[0]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or STATE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded readouts are read in memory up to this size; the reader refuses larger files anyway.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without a request, and this long after signing in however
# busy (portal/middleware.py); the cookie lasts no longer than the second.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 8 * 60, 1) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 24, 1) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and env_bool("HTTPS", False))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page has an inline script, style or event handler: the policy forbids them, but for the
# one style attribute of django-simple-history's history page ("border-top: 0"), allowed by its
# hash alone.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; style-src 'self' 'unsafe-hashes' "
    "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
)
API_DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address, for the login throttle and the audit trail (readouts.audit.client_ip):
# behind PROXY_COUNT proxies, the one the outermost of them wrote into X-Forwarded-For;
# otherwise the connection's own address.
PROXY_COUNT = env_int("PROXY_COUNT", 1, 1) if env_bool("BEHIND_PROXY", False) else 0
AXES_CLIENT_IP_CALLABLE = "readouts.audit.client_ip"

# The read-only API (readouts/api/): personal tokens or the session, JSON only, an hourly quota
# per token counted from the audit trail.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "readouts.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["readouts.api.auth.HasRole"],
    "DEFAULT_THROTTLE_CLASSES": ["readouts.api.auth.HourlyQuota"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_METADATA_CLASS": None,  # no OPTIONS: the schema says what each endpoint takes
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Readouts API",
    "DESCRIPTION": "Read-only: events, statements and the names they use, with the list "
    "pages' filters. Send `Authorization: Bearer <token>` (make a token on /accounts/tokens/).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["readouts.api.auth.HasRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "readouts.choices.EventKind",
        "ActorKindEnum": "readouts.choices.ActorKind",
    },
}
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, 1, 365)
API_CALLS_PER_HOUR = env_int("API_CALLS_PER_HOUR", 3600, 1)


# E-mail (the saved searches' digests): EMAIL_URL, e.g. smtp+tls://user:password@host:587,
# smtp+ssl://...:465, smtp://host:25 or console:// (written to the server's output); or
# Django's usual EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS.
def email_config():
    url = os.environ.get("EMAIL_URL", "").strip()
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": os.environ.get("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": env_int("EMAIL_PORT", 25, 1, 65535),
            "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
        }
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtp+tls", "smtp+ssl") or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL: use smtp://, smtp+tls://, smtp+ssl:// with a host, or console://."
        )
    default_port = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL: the port is not a number.") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": urllib.parse.unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": urllib.parse.unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }


globals().update(email_config())
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "readouts@localhost"
# The portal's address as its users reach it, for the links in e-mails.
PORTAL_URL = os.environ.get("PORTAL_URL", "").strip() or f"http://127.0.0.1:{PORT}"

# The audit trail (logins, failures, lockouts, exports) is kept this many days
# (`manage.py pruneaudit`); each user may export this many times an hour (429 beyond).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365, 1)
EXPORT_QUOTA_PER_HOUR = env_int("EXPORT_QUOTA_PER_HOUR", 200, 1)

# How long the query of one export may run (seconds; 0: no limit): longer than a page's, as a
# million rows take a while to write.
EXPORT_STATEMENT_TIMEOUT = env_int("EXPORT_STATEMENT_TIMEOUT", 600, 0)

# Lists: rows per page, and the size past which a list's total is estimated, not counted.
PAGE_SIZE = env_int("PAGE_SIZE", 50, 1, 500)
EXACT_COUNT_LIMIT = env_int("EXACT_COUNT_LIMIT", 10_000, 100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Logins, failures, lockouts and exports, also kept in the audit trail.
        "readouts.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
