"""Settings for CSPR Manager: one file, read from the environment.

Development defaults run immediately; ``CSPR_PRODUCTION=true`` refuses to start without a secret
key, allowed hosts and a database URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from cspr.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

PRODUCTION = env_bool("CSPR_PRODUCTION", False)
DEMO_WORLD = env_bool("CSPR_DEMO_WORLD", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env_str("CSPR_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfiguredEnv("CSPR_SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = env_list("CSPR_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfiguredEnv("Set CSPR_ALLOWED_HOSTS (comma-separated host names).")
    DATABASE_URL = env_str("DATABASE_URL")
    # Keys the audit chain: someone holding the database but not this key cannot rewrite it unseen.
    AUDIT_KEY = env_str("CSPR_AUDIT_KEY")
    if len(AUDIT_KEY) < 32:
        raise ImproperlyConfiguredEnv("CSPR_AUDIT_KEY must be at least 32 characters long.")
    DEBUG = False
else:
    SECRET_KEY = env_str("CSPR_SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)
    ALLOWED_HOSTS = env_list("CSPR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cspr.sqlite3'}")
    # The embedded database lives in var/; a fresh clone has no var/ yet.
    VAR_DIR.mkdir(exist_ok=True)
    DEBUG = env_bool("CSPR_DEBUG", False)
    AUDIT_KEY = env_str("CSPR_AUDIT_KEY", "dev-only-audit-key-" + "x" * 32)

# CSPR_DB_CONN_MAX_AGE (seconds): keep each worker's connection between requests (0: a new one each).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CSPR_DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the reminder worker and the web server share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "cspr.organisations",
    "cspr.accounts",
    "cspr.audit",
    "cspr.cases",
    "cspr.deadlines",
    "cspr.outbox",
    "cspr.rapidreview",
    "cspr.portal",
    "cspr.documents",
    "cspr.chronology",
    "cspr.lcspr",
    "cspr.oversight",
    "cspr.reviewmeetings",
    "cspr.family",
    "cspr.workshops",
    "cspr.library",
    "cspr.learning",
    "cspr.report",
    "cspr.publication",
    "cspr.actionplans",
    "cspr.dissemination",
    "cspr.retention",
    "cspr.operations",
    "cspr.uploadjobs",
    "cspr.changes",
    "cspr.ui",
]

MIDDLEWARE = [
    # First: one JSON line per request (request id, user id, URL pattern, status, duration).
    "cspr.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cspr.ui.middleware.RefuseUnusedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cspr.accounts.middleware.SessionLifetimeMiddleware",
    "cspr.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cspr.accounts.middleware.SingleSignOnFormActionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cspr.ui.middleware.NoStoreMiddleware",
    # Opens the per-request record of reads: each case handed out is access-logged once.
    "cspr.audit.context.ReadLogMiddleware",
]

ROOT_URLCONF = "cspr.urls"
WSGI_APPLICATION = "cspr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "cspr" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "cspr.ui.jinja.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "cspr.ui.context_processors.shell",
                "cspr.ui.context_processors.csrf",
                "cspr.accounts.context_processors.sign_in",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"

# Covering indexes (``Index(include=...)``) are for PostgreSQL, where a page reads every entry of a
# long chronology from the index alone; SQLite builds the same index on its key columns, which is all
# it needs at a developer's scale.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # NCSC guidance: length over complexity, and a deny list of common passwords.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cspr.accounts.validators.ServiceWordsValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "ui:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "cspr.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an unknown address sends nothing (allauth would email the stranger).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed sign-ins (passwords and one-time codes) are counted by cspr.accounts.lockout, per account and
# per client address, in the shared cache; allauth's own login-failure limit (kept per process in
# older setups, and keyed on the proxy's address behind one) is switched off in its favour.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
# The account holder is emailed (through the outbox) when their password, authenticator app,
# passkeys or recovery codes change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    "login": "cspr.accounts.forms.LoginForm",
    "reset_password": "cspr.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "cspr.accounts.forms.ResetPasswordKeyForm",
    "set_password": "cspr.accounts.forms.SetPasswordForm",
    "change_password": "cspr.accounts.forms.ChangePasswordForm",
    "reauthenticate": "cspr.accounts.forms.ReauthenticateForm",
}
MFA_ADAPTER = "cspr.accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "cspr.accounts.forms.AuthenticateForm",
    "reauthenticate": "cspr.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "cspr.accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "CSPR Manager"
# Authenticator app secrets are encrypted at rest (cspr.accounts.adapters.MFAAdapter) with this key,
# or one derived from SECRET_KEY when unset. Changing it means everyone sets up their app again.
MFA_SECRET_KEY = env_str("CSPR_MFA_SECRET_KEY", "-") if env_str("CSPR_MFA_SECRET_KEY", "-") != "-" else ""
# One period either side, so a phone clock a few seconds out still works.
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
SOCIALACCOUNT_ADAPTER = "cspr.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
# Existing users are matched by the email address the identity provider vouches for
# (cspr.accounts.adapters.SocialAccountAdapter), then linked so later sign-ins match by account id.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Single sign-on is a configured option: Microsoft Entra ID (tenant-specific) or generic OIDC.
SOCIALACCOUNT_PROVIDERS: dict[str, object] = {}
if env_str("CSPR_ENTRA_CLIENT_ID", "-") != "-":
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": env_str("CSPR_ENTRA_CLIENT_ID"),
                "secret": env_str("CSPR_ENTRA_CLIENT_SECRET"),
                "settings": {"tenant": env_str("CSPR_ENTRA_TENANT")},
            }
        ],
        # A single-tenant Entra app: the organisation manages its users' addresses.
        "VERIFIED_EMAIL": True,
    }
if env_str("CSPR_OIDC_CLIENT_ID", "-") != "-":
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "partnership-idp",
                "name": env_str("CSPR_OIDC_NAME", "Partnership sign-in"),
                "client_id": env_str("CSPR_OIDC_CLIENT_ID"),
                "secret": env_str("CSPR_OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("CSPR_OIDC_SERVER_URL")},
            }
        ]
    }

# Sign-in throttle (cspr/accounts/lockout.py): after LOCKOUT_FREE_FAILURES wrong passwords (or codes)
# in a row an account waits 1, 2, 4 … minutes (at most LOCKOUT_MAX_MINUTES) before the next try; an
# address with LOCKOUT_ADDRESS_FAILURES failures in LOCKOUT_ADDRESS_MINUTES waits out the window.
LOCKOUT_FREE_FAILURES = env_int("CSPR_LOCKOUT_FAILURES", 5)
LOCKOUT_MAX_MINUTES = env_int("CSPR_LOCKOUT_MINUTES", 30)
LOCKOUT_ADDRESS_FAILURES = env_int("CSPR_LOCKOUT_ADDRESS_FAILURES", 50)
LOCKOUT_ADDRESS_MINUTES = env_int("CSPR_LOCKOUT_ADDRESS_MINUTES", 15)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# cspr/accounts/clientip.py. Empty: the peer address is the client.
TRUSTED_PROXIES = env_list("CSPR_TRUSTED_PROXIES", [])

# One cache every process shares (sign-in counters, allauth's rate limits and used codes): the
# database (its table is made by every `migrate`: cspr.accounts.apps) or Redis with CSPR_CACHE_URL=redis://host:6379/0.
CACHE_URL = env_str("CSPR_CACHE_URL", "-")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cspr_cache"}}
# Built page parts (cspr/changes/fragments.py), 10-150 kB each, keyed by the change stamps they were
# built from: each process's memory in front of a store all processes share (its own table, so that
# culling it never drops the sign-in counters above).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cspr-fragments",
    "OPTIONS": {"MAX_ENTRIES": env_int("CSPR_FRAGMENT_CACHE_ENTRIES", 1000)},
}
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES["fragments-shared"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "parts",
    }
else:
    CACHES["fragments-shared"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cspr_page_parts",
        "OPTIONS": {"MAX_ENTRIES": env_int("CSPR_SHARED_FRAGMENT_ENTRIES", 20000)},
    }

# The long-running PDF converter (manage.py pdf_converter) listens here; without it, each PDF
# starts its own LibreOffice. CSPR_UNO_PYTHON: a Python with LibreOffice's UNO bridge (python3-uno).
PDF_CONVERTER_SOCKET = env_str("CSPR_PDF_CONVERTER_SOCKET", str(VAR_DIR / "pdf-converter.sock"))
UNO_PYTHON = env_str("CSPR_UNO_PYTHON", "/usr/bin/python3")

# Sessions: idle timeout and absolute lifetime (minutes), enforced by SessionLifetimeMiddleware.
SESSION_IDLE_MINUTES = env_int("CSPR_SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_MINUTES = env_int("CSPR_SESSION_ABSOLUTE_MINUTES", 12 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-cspr_session" if PRODUCTION else "cspr_session"
CSRF_COOKIE_NAME = "__Host-cspr_csrf" if PRODUCTION else "cspr_csrf"
CSRF_FAILURE_VIEW = "cspr.ui.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("CSPR_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Load balancers probe the health endpoints over plain HTTP inside the network (decision 0031).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; CI and the production-shape test point it at a temporary directory.
STATIC_ROOT = Path(env_str("CSPR_STATIC_ROOT", str(VAR_DIR / "static"))) if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "cspr" / "static"]
# The upload store: uploads and generated documents (a volume of its own in production; `make drill`
# puts it on a small tmpfs to fill it).
MEDIA_ROOT = Path(env_str("CSPR_MEDIA_ROOT", str(VAR_DIR / "files")))
# Where uploads and generated files live (decision 0032): CSPR_STORAGE=filesystem (MEDIA_ROOT) or
# s3 (any S3-compatible object store through django-storages). Files are always served through
# the application's access checks, never from a public bucket URL.
STORAGE_KIND = env_str("CSPR_STORAGE", "filesystem")
if STORAGE_KIND == "s3":
    _S3_OPTIONS: dict[str, object] = {
        "bucket_name": env_str("CSPR_S3_BUCKET"),
        "location": env_str("CSPR_S3_PREFIX", ""),
        "region_name": env_str("CSPR_S3_REGION", "eu-west-2"),
        "addressing_style": env_str("CSPR_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        # none: the bucket's own default encryption (AWS encrypts every object; MinIO needs a KMS for SSE).
        "object_parameters": {"ServerSideEncryption": env_str("CSPR_S3_SSE", "none")}
        if env_str("CSPR_S3_SSE", "none") != "none"
        else {},
    }
    if env_str("CSPR_S3_ENDPOINT_URL", "-") != "-":
        _S3_OPTIONS["endpoint_url"] = env_str("CSPR_S3_ENDPOINT_URL")
    # Without keys, boto3 finds credentials itself (instance role, AWS_* variables, a profile).
    if env_str("CSPR_S3_ACCESS_KEY_ID", "-") != "-":
        _S3_OPTIONS["access_key"] = env_str("CSPR_S3_ACCESS_KEY_ID")
        _S3_OPTIONS["secret_key"] = env_str("CSPR_S3_SECRET_ACCESS_KEY")
    _DEFAULT_STORAGE: dict[str, object] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
elif STORAGE_KIND == "filesystem":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}}
else:
    raise ImproperlyConfiguredEnv(f"CSPR_STORAGE must be filesystem or s3, not {STORAGE_KIND!r}.")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Email: Django 6.1 mailers. SMTP everywhere; tests point it at an aiosmtpd server on loopback.
DEFAULT_FROM_EMAIL = env_str("CSPR_FROM_EMAIL", "CSPR Manager <no-reply@cspr.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_MAIL_BACKEND = env_str("CSPR_MAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
_SMTP_OPTIONS = {
    "host": env_str("CSPR_SMTP_HOST", "127.0.0.1"),
    "port": env_int("CSPR_SMTP_PORT", 1025),
    "username": env_str("CSPR_SMTP_USERNAME", "-") if env_str("CSPR_SMTP_USERNAME", "-") != "-" else None,
    "password": env_str("CSPR_SMTP_PASSWORD", "-") if env_str("CSPR_SMTP_PASSWORD", "-") != "-" else None,
    "use_tls": env_bool("CSPR_SMTP_STARTTLS", PRODUCTION),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        # Only the SMTP backend takes connection options; the others refuse unknown ones.
        "OPTIONS": _SMTP_OPTIONS if _MAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}

# Signed checkpoints of the audit chain's head, written outside the database (a directory on
# another volume in production; object storage could take them later).
AUDIT_CHECKPOINT_DIR = Path(env_str("CSPR_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))

# Idempotent sweeps that run_scheduler enqueues every interval.
PERIODIC_TASKS = [
    "cspr.deadlines.tasks.sweep_deadlines",
    "cspr.portal.tasks.chase_agency_requests",
    "cspr.workshops.tasks.send_worksheet_reminders",
    "cspr.retention.tasks.notify_due_records",
    "cspr.actionplans.tasks.send_action_reminders",
    "cspr.publication.tasks.send_availability_reminders",
    "cspr.dissemination.tasks.remind_progress_reviews",
    "cspr.audit.tasks.seal_audit_chain",
    "cspr.changes.tasks.drop_expired_page_parts",
    # Every email goes through the outbox; actions also ask for a send on commit, this catches up.
    "cspr.outbox.tasks.send_outbox",
]

# Uploads are read in the task worker (cspr.uploadjobs); a file still being read after this many
# seconds is refused with a message.
UPLOAD_PARSE_SECONDS = float(env_int("CSPR_UPLOAD_PARSE_SECONDS", 20))

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Application logs carry identifiers only: no names, no case content (see docs/ARCHITECTURE.md).
# Production writes JSON lines (cspr/operations/logs.py) for a log shipper; CSPR_LOG_FORMAT=plain|json.
LOG_FORMAT = env_str("CSPR_LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfiguredEnv(f"CSPR_LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
# One line per request from cspr.operations.logs.RequestLogMiddleware (off: CSPR_REQUEST_LOG=false).
REQUEST_LOG = env_bool("CSPR_REQUEST_LOG", PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cspr.operations.logs.JsonFormatter"},
    },
    # Paths in Django's request log messages become URL patterns (they carry case references).
    "filters": {"scrub_paths": {"()": "cspr.operations.logs.ScrubPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["scrub_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("CSPR_LOG_LEVEL", "INFO")},
    "loggers": {
        # The request logger prints the URL of every 4xx; our URLs carry no personal data, but
        # POST bodies never reach the logs either.
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Partnership-independent statutory mailboxes (rules.md C14); per-partnership overrides live in the database.
PANEL_MAILBOX = env_str("CSPR_PANEL_MAILBOX", "Mailbox.NationalReviewPanel@education.gov.uk")
OFSTED_MAILBOX = env_str("CSPR_OFSTED_MAILBOX", "SCR.SIN@ofsted.gov.uk")
DFE_MAILBOX = env_str("CSPR_DFE_MAILBOX", "Mailbox.CPOD@education.gov.uk")
NSPCC_MAILBOX = env_str("CSPR_NSPCC_MAILBOX", "information@nspcc.org.uk")
# The address links in emails start with (never the request's Host header, which a client chooses).
# Required in production; in development the port `make run` serves on (PORT, default 8000).
SITE_URL = (
    env_str("CSPR_SITE_URL") if PRODUCTION else env_str("CSPR_SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")
)
