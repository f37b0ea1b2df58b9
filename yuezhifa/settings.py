"""Settings for every deployment shape, read from environment variables.

The defaults give the all-in-one shape (SQLite under ``var/``, huey on SQLite); production sets
``YZF_ENV=production`` plus the variables listed in the README's configuration table.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YZF_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


YZF_ENV = os.environ.get("YZF_ENV", "development")
PRODUCTION = YZF_ENV == "production"
DEBUG = env_bool("YZF_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("YZF_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("生产环境必须设置 YZF_SECRET_KEY（至少 50 个随机字符）。")
    # All-in-one and development: a random key kept beside the database, made on first start.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(64))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("YZF_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("YZF_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "axes",
    "yuezhifa.core",
    "yuezhifa.audit",
    "yuezhifa.org",
    "yuezhifa.search",
    "yuezhifa.laws",
    "yuezhifa.items",
    "yuezhifa.discretion",
    "yuezhifa.documents",
    "yuezhifa.cases",
    "yuezhifa.seals",
    "yuezhifa.supervision",
    "yuezhifa.disclosure",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yuezhifa.core.middleware.RequestIdMiddleware",
    "yuezhifa.core.middleware.RequestLimitsMiddleware",  # the proxy's body limit, no NUL in queries: before any view
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with the lockout page
]

ROOT_URLCONF = "yuezhifa.urls"
WSGI_APPLICATION = "yuezhifa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yuezhifa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yuezhifa.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yuezhifa.sqlite3'}"),
        conn_max_age=int(os.environ.get("YZF_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL for concurrent readers; IMMEDIATE so that writers queue instead of failing on lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# --- Failed logins (django-axes): after YZF_LOGIN_FAILURE_LIMIT failures of one username from one address, that pair
# is locked out for YZF_LOGIN_LOCKOUT_MINUTES (web login, admin and API token alike); a success clears the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("YZF_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("YZF_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yuezhifa.core.views.login_locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "yuezhifa.core.middleware.client_ip"
# Reverse proxies in front of the application that append to X-Forwarded-For (nginx: 1); 0 trusts only REMOTE_ADDR.
YZF_TRUSTED_PROXIES = int(os.environ.get("YZF_TRUSTED_PROXIES", "0"))
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Locale and time ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "yuezhifa" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("YZF_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "yuezhifa" / "static"]  # project-wide assets: vendor/ and yzf/
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("YZF_MEDIA_ROOT", VAR_DIR / "media"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": os.environ.get("YZF_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise serves straight from the apps' static folders, so no collectstatic is needed first.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
YZF_UPLOAD_MAX_BYTES = int(os.environ.get("YZF_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = YZF_UPLOAD_MAX_BYTES  # the whole body, files included: core.middleware.RequestLimitsMiddleware
YZF_UPLOAD_MAX_FILES = int(os.environ.get("YZF_UPLOAD_MAX_FILES", "20"))
DATA_UPLOAD_MAX_NUMBER_FILES = YZF_UPLOAD_MAX_FILES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Background tasks (huey) --------------------------------------------------------------------------------
_huey_url = os.environ.get("YZF_HUEY_URL", "")
HUEY = {
    "name": "yuezhifa",
    "immediate": env_bool("YZF_HUEY_IMMEDIATE", False),
    "consumer": {"workers": int(os.environ.get("YZF_HUEY_WORKERS", "2")), "worker_type": "thread"},
}
if _huey_url.startswith("redis://"):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _huey_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": _huey_url or str(VAR_DIR / "huey.sqlite3")})

# --- Electronic archive (办法 第三十一条; docs/decisions/0013): the virus scanner run on every file of a package ----
YZF_VIRUS_SCAN_COMMAND = os.environ.get("YZF_VIRUS_SCAN_COMMAND", "")

# --- E-mail service of case documents (处罚法 第六十一条第二款; docs/decisions/0012) ----------------------------------
# The SMTP server the platform hands sealed documents to; the service date is when it answers 250 to DATA.
YZF_SMTP_HOST = os.environ.get("YZF_SMTP_HOST", "")
YZF_SMTP_PORT = int(os.environ.get("YZF_SMTP_PORT", "25"))
YZF_SMTP_USER = os.environ.get("YZF_SMTP_USER", "")
YZF_SMTP_PASSWORD = os.environ.get("YZF_SMTP_PASSWORD", "")
YZF_SMTP_STARTTLS = env_bool("YZF_SMTP_STARTTLS", False)
YZF_SMTP_SSL = env_bool("YZF_SMTP_SSL", False)  # implicit TLS (port 465); exclusive with STARTTLS
YZF_SMTP_FROM = os.environ.get("YZF_SMTP_FROM", "")
YZF_SMTP_TIMEOUT = float(os.environ.get("YZF_SMTP_TIMEOUT", "30"))
YZF_SMTP_MAX_ATTEMPTS = int(os.environ.get("YZF_SMTP_MAX_ATTEMPTS", "8"))
YZF_SMTP_RETRY_MINUTES = float(os.environ.get("YZF_SMTP_RETRY_MINUTES", "1"))  # 1, 2, 4, 8 … minutes

# --- Supervision, certificates, training (docs/decisions/0015, 0016) ------------------------------------------------
YZF_SUPERVISION_GRANT_DAYS = int(os.environ.get("YZF_SUPERVISION_GRANT_DAYS", "7"))
YZF_SUPERVISION_COURT_WARNING_DAYS = int(os.environ.get("YZF_SUPERVISION_COURT_WARNING_DAYS", "30"))

# --- API ----------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated requests then get 401 with a WWW-Authenticate challenge.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "yuezhifa.core.filters.BoundedFilterBackend",  # django-filter with bounds the database can hold
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "yuezhifa.core.parsers.JSONParser",  # integers within 64 bits, finite numbers, bounded nesting: else 400
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yuezhifa.core.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "粤执法 API",
    "DESCRIPTION": "广东省一体化行政执法平台接口。错误以 application/problem+json（RFC 9457）返回，消息为简体中文。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrgRoleEnum": "yuezhifa.org.models.Role.choices",
        "ItemBasisRoleEnum": "yuezhifa.items.models.BasisRole.choices",
    },
}

# --- Security -----------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("YZF_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("YZF_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("YZF_LOG_LEVEL", "INFO")},
}

# --- Domain configuration (configurable where LEGAL.md says the law leaves it open) -------------------------
# Deadline rules are in yuezhifa.core.calendar.RULES; the figures the law leaves to provinces are DeadlineSetting rows
# that administrators edit (admin → 期限设置).
YZF_SHARED_DIR = Path(os.environ.get("YZF_SHARED_DIR", BASE_DIR.parent / "shared"))
