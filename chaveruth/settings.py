"""One settings module, configured by environment variables (see README, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from chaveruth.lib import sso
from chaveruth.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# Served over HTTPS (directly or by a reverse proxy): cookies become Secure, HSTS is sent and
# plain HTTP is redirected. Off for the demo on http://127.0.0.1:8000.
HTTPS = envbool("HTTPS", False)
# The fallback key only serves the demo and the tests; production sets SECRET_KEY.
DEMO_SECRET_KEY = "insecure-demo-key-set-SECRET_KEY-in-production"
SECRET_KEY = envstr("SECRET_KEY") or DEMO_SECRET_KEY
if HTTPS and not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    # A public key would let anyone forge sessions and password-reset links.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is the demo key) while HTTPS=true and DEBUG is off. "
        "Set SECRET_KEY to a long random value, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so the admin shows one field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of security keys uses its template filters
    "django.forms",  # widget templates for our form renderer (templates/forms/)
    "django_htmx",
    "auditlog",
    "axes",  # failed-login records and the lockout; its admin lists and clears them
    "django_tasks_db",  # background tasks stored in the database (TASKS, at the end)
    # Accounts: local logins, multi-factor authentication (TOTP, WebAuthn security keys,
    # recovery codes) and single sign-on by OpenID Connect or SAML (chaveruth/lib/sso.py).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "chaveruth.accounts",
    "chaveruth.directory",
    "chaveruth.partnerships",
    "chaveruth.visits",
    "chaveruth.reports",
    "chaveruth.demo",
]

# Order matters: a middleware sees the responses of everything listed after it, and one that
# answers by itself (WhiteNoise for static files, LocaleMiddleware's and CommonMiddleware's
# redirects) skips everything after it.
MIDDLEWARE = [
    # First: redirects plain HTTP before anything else runs; HSTS, nosniff, Referrer-Policy and
    # Cross-Origin-Opener-Policy on every response.
    "django.middleware.security.SecurityMiddleware",
    # The security headers come next, before WhiteNoise and every middleware that may answer by
    # itself, so that every response carries them: pages, error pages, redirects, the admin and
    # static files. Cache-Control: no-store only once a user is signed in (static files are
    # answered by WhiteNoise before any user is known, so they stay cacheable).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chaveruth.lib.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A delegation's whereabouts must not leak: every page needs a login unless it says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Staff (programme office, coordinators, operators) set up a second factor before anything.
    "chaveruth.accounts.mfa.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session 12 hours after login; needs the user (above) and leaves a message (above).
    "chaveruth.lib.security.SessionLifetimeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user as the actor of every audit-trail entry.
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as axes requires: it turns the login view's answer into the lockout page, which
    # then passes through every middleware above (headers, cookies) like any other page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chaveruth.urls"
WSGI_APPLICATION = "chaveruth.wsgi.application"
ASGI_APPLICATION = "chaveruth.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chaveruth.accounts.context.access",
            ],
            "builtins": ["chaveruth.lib.templatetags"],
        },
    },
]

FORM_RENDERER = "chaveruth.lib.forms.KernRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a task writes; IMMEDIATE avoids "database is locked"
    # when two writers start a transaction at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked user name + address pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id for new and changed passwords; hashes made with the others still verify and are
# rehashed with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts are made by the programme office, not by signing up (SSO creates them on first
# login, without any role: they see nothing until the office gives them one).
ACCOUNT_ADAPTER = "chaveruth.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "chaveruth.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Every session lives by Django's settings below (30 minutes idle, 12 hours in all); no
# "remember me" box that would make it longer.
ACCOUNT_SESSION_REMEMBER = True
# Failed logins are counted and locked by django-axes (below), not twice by allauth.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Chaveruth"
# Browsers allow security keys on http://localhost; anywhere else only over HTTPS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
# Staff roles must use a second factor. Only `make demo` turns this off, so that a newcomer can
# look around without an authenticator app.
MFA_REQUIRED_FOR_STAFF = envbool("MFA_REQUIRED_FOR_STAFF", True)
SOCIALACCOUNT_PROVIDERS = sso.providers(os.environ)

# Brute-force protection (django-axes): five wrong passwords for one user name from one address
# are answered with the login form; after them that pair is locked and the next attempt, even
# with the right password, gets the lockout page (HTTP 429, chaveruth/accounts/lockout.py).
# The lock lasts 15 minutes after the last failed attempt; an attempt during the lock starts
# the 15 minutes again. Other addresses can still log in with that user name, so nobody can
# lock a colleague out from elsewhere. Passwords are never stored or logged; axes masks them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's login form calls the user name field "login"
AXES_USERNAME_CALLABLE = "chaveruth.accounts.lockout.attempted_username"
AXES_SENSITIVE_PARAMETERS = ["login", "username", "ip_address"]  # masked in axes' records
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_RESET_ON_SUCCESS = True  # only the right password clears earlier typing mistakes
AXES_LOCKOUT_CALLABLE = "chaveruth.accounts.lockout.lockout_response"

# German is the default; English is selectable. Hebrew is stored for every text that
# delegates read (modeltranslation adds a *_he column) and the interface follows it later.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English")), ("he", _("Hebrew"))]
INTERFACE_LANGUAGES = ["de", "en"]
# These beat installed apps' catalogues; makemessages writes only the first, the overrides by hand.
LOCALE_PATHS = [BASE_DIR / "chaveruth" / "locale", BASE_DIR / "chaveruth" / "locale_overrides"]
FORMAT_MODULE_PATH = ["chaveruth.formats"]  # English dates day first, times on 24 hours
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
# A required name or title must be given at least in German; other languages may follow later.
MODELTRANSLATION_REQUIRED_LANGUAGES = ("de",)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("de", "en"), "de": ("en",), "he": ("en", "de")}
USE_I18N = True
TIME_ZONE = envstr("TIME_ZONE", "Europe/Berlin")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages are installed from the npm registry and served by us, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not envbool("STATIC_UNHASHED", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A strict policy: no inline script or style anywhere, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto (so that Django knows
# the request came over HTTPS) and take the client's address for the login lockout from the
# last X-Forwarded-For entry, the one the proxy appended. The proxy must set both headers.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_CLIENT_IP_CALLABLE = "chaveruth.lib.security.client_ip_address"

# Sessions end after 30 minutes without a request (the expiry moves on with every request) and
# 12 hours after login whatever happens (chaveruth.lib.security.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = 12 * 60 * 60
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: every form carries the token, and htmx only sends
# GET requests (the filter forms).
CSRF_COOKIE_HTTPONLY = True
# Lax, not Strict: with Strict a link to Chaveruth in an e-mail or another site would arrive
# without the session cookie and show the login page to a signed-in user. Lax still withholds
# the cookies from cross-site POSTs, and every POST needs the CSRF token as well.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Request logs name paths only; itinerary contents and personal data are never logged.
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# --- Background tasks and retention (privacy) ---------------------------------------------------
# Tasks (the retention purge; later optimiser runs, PDF batches, e-mail) go through Django's
# task framework and are stored in the database by django-tasks-db, so one machine needs no
# broker: `manage.py db_worker` runs them. TASKS_BACKEND=django.tasks.backends.immediate.
# ImmediateBackend runs each task at once inside the request or command that enqueues it.
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# How long each kind of record is kept, in days (README, "Retention"); `manage.py
# purge_expired` (daily, e.g. from cron) deletes what is older. Each can be set by environment,
# e.g. RETENTION_ITINERARY_READS=180.
RETENTION = {
    # Who read which itinerary when: a year covers a programme cycle's questions.
    "itinerary_reads": envint("RETENTION_ITINERARY_READS", 365),
    # Diet and accessibility needs (health and religion): days after the visit's departure.
    "delegate_needs": envint("RETENTION_DELEGATE_NEEDS", 30),
    # Successful and failed logins (django-axes): long enough to look into an incident.
    "axes_access_logs": envint("RETENTION_AXES_ACCESS_LOGS", 90),
    "axes_failure_logs": envint("RETENTION_AXES_FAILURE_LOGS", 90),
    # The audit trail: funded projects' records are kept five years after the final report.
    "audit_entries": envint("RETENTION_AUDIT_ENTRIES", 5 * 365),
    # Finished background tasks (their results hold counts and ids, no contents).
    "task_results": envint("RETENTION_TASK_RESULTS", 30),
    # Sessions: days after they expired (30 minutes idle or 12 hours after login).
    "sessions": envint("RETENTION_SESSIONS", 0),
}
