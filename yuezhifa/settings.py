"""Settings for every deployment shape, read from environment variables.

The defaults give the all-in-one shape (SQLite under ``var/``, huey on SQLite); production sets
``YZF_ENV=production`` plus the variables listed in the README's configuration table.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import csp.constants
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


# The documented deployment modes (README 配置表); anything else is a typo and stops the start (decision 0023).
YZF_ENVIRONMENTS = ("development", "production")
YZF_ENV = os.environ.get("YZF_ENV", "development").strip()
if YZF_ENV not in YZF_ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"环境变量 YZF_ENV 的值“{YZF_ENV}”无效，只能是 {' 或 '.join(YZF_ENVIRONMENTS)}（未设置时为 development）。")
PRODUCTION = YZF_ENV == "production"
# Debug pages (English, with settings and source) only when a developer asks for them, never in production.
DEBUG = env_bool("YZF_DEBUG", False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("生产环境（YZF_ENV=production）不得开启调试：请删除环境变量 YZF_DEBUG 或设为 false。")

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
    "csp",
    "django_ratelimit",
    "yuezhifa.core",
    "yuezhifa.audit",
    "yuezhifa.org",
    "yuezhifa.search",
    "yuezhifa.laws",
    "yuezhifa.items",
    "yuezhifa.discretion",
    "yuezhifa.documents",
    "yuezhifa.inspection",
    "yuezhifa.cases",
    "yuezhifa.seals",
    "yuezhifa.supervision",
    "yuezhifa.disclosure",
    "yuezhifa.topology",
    "yuezhifa.themes",
    "yuezhifa.sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yuezhifa.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "yuezhifa.core.ratelimit.RateLimitMiddleware",  # before sessions and the database: a refused request costs little
    "yuezhifa.core.middleware.RequestLimitsMiddleware",  # the proxy's body limit, no NUL in queries: before any view
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yuezhifa.core.session_idle.SessionIdleTimeoutMiddleware",
    "yuezhifa.org.middleware.PasswordChangeRequiredMiddleware",  # an administrator's password is changed first
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

# --- Provincial topology (docs/decisions/0055) ------------------------------------------------------------------
# all-in-one: one database is hub and node at once (the SQLite demo). hub: the province keeps the base data and
# receives every node's cases. node: a city or county platform; base data arrive from the hub and are read-only here.
YZF_ROLES = ("all-in-one", "hub", "node")
YZF_ROLE = os.environ.get("YZF_ROLE", "all-in-one").strip() or "all-in-one"
if YZF_ROLE not in YZF_ROLES:
    raise ImproperlyConfigured(f"环境变量 YZF_ROLE 的值“{YZF_ROLE}”无效，只能是 {'、'.join(YZF_ROLES)}（未设置时为 all-in-one）。")
YZF_NODE_CODE = os.environ.get("YZF_NODE_CODE", "").strip()  # the node's six-digit division code, e.g. 440100
YZF_HUB_NAME = os.environ.get("YZF_HUB_NAME", "").strip() or "广东省一体化行政执法平台"
if YZF_ROLE == "node" and not (len(YZF_NODE_CODE) == 6 and YZF_NODE_CODE.isdigit() and YZF_NODE_CODE[0] != "0"):
    raise ImproperlyConfigured(
        f"节点（YZF_ROLE=node）必须以 YZF_NODE_CODE 设置本节点的六位行政区划代码（如 440100），当前为“{YZF_NODE_CODE}”。")


def _per_node(name: str) -> dict[str, str]:
    """``440100=value,440300=value`` from the environment variable ``name``, as {node code: value}."""
    pairs = {}
    for part in filter(None, (p.strip() for p in os.environ.get(name, "").split(","))):
        code, sep, value = part.partition("=")
        if not sep or not code.strip().isdigit() or not value.strip():
            raise ImproperlyConfigured(f"环境变量 {name} 的格式应为“节点代码=值”，以逗号分隔（如 440100=…），“{part[:20]}”无效。")
        pairs[code.strip()] = value.strip()
    return pairs


# the hub: how it reaches each node's file endpoint and the secret it shares with each node (decision 0059)
YZF_NODE_URLS = _per_node("YZF_NODE_URLS")
YZF_NODE_SECRETS = _per_node("YZF_NODE_SECRETS")
# a node: the secret it shares with the hub, which signs the hub's requests for a file (decision 0059)
YZF_HUB_SECRET = os.environ.get("YZF_HUB_SECRET", "").strip()
# the supervision home at the hub warns when a node's subscription has heard nothing for this long
YZF_REPLICATION_LAG_WARN_SECONDS = int(os.environ.get("YZF_REPLICATION_LAG_WARN_SECONDS", "300"))
YZF_NODE_FETCH_TIMEOUT = float(os.environ.get("YZF_NODE_FETCH_TIMEOUT", "30"))
YZF_NODE_FETCH_MAX_BYTES = int(os.environ.get("YZF_NODE_FETCH_MAX_BYTES", str(512 * 1024 * 1024)))

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
# The password policy (docs/decisions/0045): Django's validators with Chinese messages; the minimum length is
# YZF_PASSWORD_MIN_LENGTH characters (default 12). A password set by an administrator must be changed at first login.
YZF_PASSWORD_MIN_LENGTH = int(os.environ.get("YZF_PASSWORD_MIN_LENGTH", "12"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yuezhifa.org.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "yuezhifa.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": YZF_PASSWORD_MIN_LENGTH}},
    {"NAME": "yuezhifa.org.passwords.CommonPasswordValidator"},
    {"NAME": "yuezhifa.org.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# --- Failed logins (django-axes): after YZF_LOGIN_FAILURE_LIMIT failures of one username from one address, that pair
# is locked out for YZF_LOGIN_LOCKOUT_MINUTES (web login, admin and API token alike); a success clears the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend",
                           "yuezhifa.org.oidc.UnifiedIdentityBackend"]  # answers only the OIDC callback
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

# --- The province's unified identity platform (OpenID Connect; 办法 第十三条第（三）项、第二十条; docs/decisions/0053)
# Off unless YZF_OIDC_CLIENT_ID is set. The endpoints come from the issuer's discovery document (YZF_OIDC_ISSUER, or
# YZF_OIDC_DISCOVERY_URL when it is elsewhere); an endpoint set explicitly wins over discovery. Accounts are matched
# by the real-name ID number the platform releases in the claim YZF_OIDC_ID_CLAIM and are never created by a login.
YZF_OIDC_CLIENT_ID = os.environ.get("YZF_OIDC_CLIENT_ID", "").strip()
YZF_OIDC_CLIENT_SECRET = os.environ.get("YZF_OIDC_CLIENT_SECRET", "").strip()
YZF_OIDC_ISSUER = os.environ.get("YZF_OIDC_ISSUER", "").strip().rstrip("/")
YZF_OIDC_DISCOVERY_URL = os.environ.get("YZF_OIDC_DISCOVERY_URL", "").strip()
YZF_OIDC_AUTHORIZATION_ENDPOINT = os.environ.get("YZF_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
YZF_OIDC_TOKEN_ENDPOINT = os.environ.get("YZF_OIDC_TOKEN_ENDPOINT", "").strip()
YZF_OIDC_USERINFO_ENDPOINT = os.environ.get("YZF_OIDC_USERINFO_ENDPOINT", "").strip()
YZF_OIDC_JWKS_URI = os.environ.get("YZF_OIDC_JWKS_URI", "").strip()
YZF_OIDC_END_SESSION_ENDPOINT = os.environ.get("YZF_OIDC_END_SESSION_ENDPOINT", "").strip()
YZF_OIDC_SCOPES = os.environ.get("YZF_OIDC_SCOPES", "openid profile id_card").strip()
YZF_OIDC_ID_CLAIM = os.environ.get("YZF_OIDC_ID_CLAIM", "id_card").strip()
YZF_OIDC_SIGN_ALGO = os.environ.get("YZF_OIDC_SIGN_ALGO", "RS256").strip()
YZF_OIDC_TIMEOUT = float(os.environ.get("YZF_OIDC_TIMEOUT", "10"))
# Signing out of the platform also signs out of the identity platform when it publishes an end_session_endpoint.
YZF_OIDC_PROVIDER_LOGOUT = env_bool("YZF_OIDC_PROVIDER_LOGOUT", True)
if YZF_OIDC_CLIENT_ID:
    if not (YZF_OIDC_ISSUER or YZF_OIDC_DISCOVERY_URL or (
            YZF_OIDC_AUTHORIZATION_ENDPOINT and YZF_OIDC_TOKEN_ENDPOINT and YZF_OIDC_JWKS_URI)):
        raise ImproperlyConfigured(
            "已设置 YZF_OIDC_CLIENT_ID，但未设置统一身份认证平台的地址：请设置 YZF_OIDC_ISSUER（或 YZF_OIDC_DISCOVERY_URL），"
            "或同时设置 YZF_OIDC_AUTHORIZATION_ENDPOINT、YZF_OIDC_TOKEN_ENDPOINT 和 YZF_OIDC_JWKS_URI。")
    if not YZF_OIDC_CLIENT_SECRET:
        raise ImproperlyConfigured("已设置 YZF_OIDC_CLIENT_ID，但未设置 YZF_OIDC_CLIENT_SECRET（统一身份认证平台分配的客户端密钥）。")
    if not YZF_OIDC_SIGN_ALGO.startswith(("RS", "ES", "PS")):
        raise ImproperlyConfigured(f"YZF_OIDC_SIGN_ALGO“{YZF_OIDC_SIGN_ALGO}”不可用：须为非对称签名算法，如 RS256。")
    if not YZF_OIDC_ID_CLAIM:
        raise ImproperlyConfigured("YZF_OIDC_ID_CLAIM 不能为空：须为统一身份认证平台提供居民身份证号码的声明名称，如 id_card。")
YZF_OIDC_FORM_ACTION = sorted({
    "{0.scheme}://{0.netloc}".format(urlsplit(url))
    for url in (YZF_OIDC_ISSUER, YZF_OIDC_DISCOVERY_URL, YZF_OIDC_END_SESSION_ENDPOINT) if YZF_OIDC_CLIENT_ID and url})

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
if "YZF_MEDIA_ROOT" not in os.environ:  # all-in-one default under var/; a configured one is a volume: checked, not made
    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
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
# The subject register of 行政检查 (docs/decisions/0038): an upload through the page or the API, and a file read by
# `yzf import-subjects` (sized for a register of a million rows).
YZF_INSPECTION_SUBJECT_UPLOAD_MAX_BYTES = int(os.environ.get("YZF_INSPECTION_SUBJECT_UPLOAD_MAX_BYTES",
                                                             str(YZF_UPLOAD_MAX_BYTES)))
YZF_INSPECTION_SUBJECT_FILE_MAX_BYTES = int(os.environ.get("YZF_INSPECTION_SUBJECT_FILE_MAX_BYTES",
                                                           str(1024 * 1024 * 1024)))
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

# --- Keys kept outside the database (docs/decisions/0010, 0011, 0023) -------------------------------------------------
# The seal key-encryption key: outside production it may be derived from SECRET_KEY; production must set its own, so
# that a leaked or rotated SECRET_KEY never exposes or strands the seals' private keys.
YZF_SEAL_KEK = os.environ.get("YZF_SEAL_KEK", "").strip()
if PRODUCTION and not YZF_SEAL_KEK:
    raise ImproperlyConfigured(
        "生产环境（YZF_ENV=production）必须设置 YZF_SEAL_KEK（加密电子印章私钥的密钥，至少 32 个随机字符，须另行备份），"
        "不得由 YZF_SECRET_KEY 派生。")
YZF_EVIDENCE_LOG_KEY = os.environ.get("YZF_EVIDENCE_LOG_KEY", "").strip()  # path of the STH signing key (PEM)
YZF_EVIDENCE_LOG_ORIGIN = os.environ.get("YZF_EVIDENCE_LOG_ORIGIN", "").strip()
YZF_WEB_WORKERS = int(os.environ.get("YZF_WEB_WORKERS", "2"))  # yzf serve's gunicorn workers

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
# 行政检查 (docs/decisions/0042): figures the policy texts leave open
YZF_INSPECTION_JOINT_WINDOW_DAYS = int(os.environ.get("YZF_INSPECTION_JOINT_WINDOW_DAYS", "30"))
YZF_INSPECTION_CHECK_IN_DAYS = int(os.environ.get("YZF_INSPECTION_CHECK_IN_DAYS", "30"))
YZF_SUPERVISION_INSPECTION_TOP = int(os.environ.get("YZF_SUPERVISION_INSPECTION_TOP", "10"))
YZF_ANNUAL_DUE = os.environ.get("YZF_ANNUAL_DUE", "01-31")  # 年报: the default due day (MM-DD) of the next year
YZF_CERTIFICATE_WARNING_DAYS = os.environ.get("YZF_CERTIFICATE_WARNING_DAYS")  # checked in yuezhifa.org.conf
YZF_CERTIFICATE_WARNING_THRESHOLDS = os.environ.get("YZF_CERTIFICATE_WARNING_THRESHOLDS")
YZF_TRAINING_ANNUAL_MIN_HOURS = os.environ.get("YZF_TRAINING_ANNUAL_MIN_HOURS")

# --- API ----------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated requests then get 401 with a WWW-Authenticate challenge.
        "yuezhifa.org.authentication.ApiTokenAuthentication",  # hashed, expiring tokens (decision 0021)
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
# The OpenAPI schema and Swagger UI: public outside production; in production only to logged-in users unless opened.
YZF_API_DOCS_PUBLIC = env_bool("YZF_API_DOCS_PUBLIC", not PRODUCTION)
SPECTACULAR_SETTINGS = {
    "TITLE": "粤执法 API",
    "DESCRIPTION": "广东省一体化行政执法平台接口。错误以 application/problem+json（RFC 9457）返回，消息为简体中文。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "yuezhifa.core.ratelimit.document_rate_limits"],
    "ENUM_NAME_OVERRIDES": {
        "OrgRoleEnum": "yuezhifa.org.models.Role.choices",
        "ItemBasisRoleEnum": "yuezhifa.items.models.BasisRole.choices",
        "CaseLinkKindEnum": "yuezhifa.cases.models.CaseLinkKind.choices",
        "InspectionSubjectKindEnum": "yuezhifa.inspection.models.SubjectKind.choices",
        "InspectionPlanKindEnum": "yuezhifa.inspection.models.PlanKind.choices",
        "InspectionMethodEnum": "yuezhifa.inspection.models.Method.choices",
    },
}

# --- Shared cache, rate limits, Content-Security-Policy, API docs (docs/decisions/0023) ----------------------------
# The cache must be shared by every web worker process: a file cache under var/ with atomic add/incr (all-in-one), or
# Redis (YZF_CACHE_URL=redis://…) in production.
_cache_url = os.environ.get("YZF_CACHE_URL", "").strip()
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {"default": {"BACKEND": "yuezhifa.core.cache.LockedFileBasedCache",
                          "LOCATION": _cache_url or str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}}
RATELIMIT_USE_CACHE = "default"
# django-ratelimit warns (W001) on every backend but django-redis and memcached; both of ours count atomically.
# models.W040: covering indexes (INCLUDE) are a PostgreSQL optimisation of the draw; SQLite builds them without the
# extra columns, which is what the all-in-one form wants.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "models.W040"]
# Requests per client address on the login-free routes (yuezhifa.core.ratelimit.ROUTES); "" lifts a group's limit.
YZF_RATE_LIMITS = {
    "search": os.environ.get("YZF_RATE_LIMIT_SEARCH", "120/m").strip(),
    "export": os.environ.get("YZF_RATE_LIMIT_EXPORT", "10/m").strip(),
    "verify": os.environ.get("YZF_RATE_LIMIT_VERIFY", "20/m").strip(),
    "proof": os.environ.get("YZF_RATE_LIMIT_PROOF", "120/m").strip(),
    "public_api": os.environ.get("YZF_RATE_LIMIT_PUBLIC_API", "60/m").strip(),
    "objection": os.environ.get("YZF_RATE_LIMIT_OBJECTION", "20/h").strip(),
}
# Every response carries a CSP (django-csp): only this site's own scripts, styles, images and frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", csp.constants.NONCE],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # the sign-out form's redirect to the identity platform's own sign-out (docs/decisions/0053)
        "form-action": ["'self'", *YZF_OIDC_FORM_ACTION],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Minutes without a heartbeat from the task worker after which the supervision home warns (e-mail service, alerts).
YZF_WORKER_STALE_MINUTES = int(os.environ.get("YZF_WORKER_STALE_MINUTES", "10"))

# --- Security -----------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# API tokens expire this many hours after issue (and at once when the password changes): docs/decisions/0021.
YZF_API_TOKEN_TTL_HOURS = int(os.environ.get("YZF_API_TOKEN_TTL_HOURS", "12"))
# A signed-in user's session ends after this many minutes without a request (yuezhifa.core.session_idle).
YZF_SESSION_IDLE_MINUTES = int(os.environ.get("YZF_SESSION_IDLE_MINUTES", "120"))
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # The header by which the TLS-terminating reverse proxy says a request came over HTTPS (nginx sets it with
    # `proxy_set_header X-Forwarded-Proto $scheme`); empty when the application itself terminates TLS.
    _proxy_ssl_header = os.environ.get("YZF_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_ssl_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
    SECURE_SSL_REDIRECT = env_bool("YZF_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT and _proxy_ssl_header:
        # YZF_SSL_REDIRECT=false states that the proxy redirects HTTP to HTTPS itself (docs/部署与运维.md §3.7).
        SILENCED_SYSTEM_CHECKS.append("security.W008")
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

# 行政检查计划与双随机 (docs/decisions/0039): figures the policy texts leave to the province, not fixed by law.
# The due date of a year's routine plan (MM-DD; a plan approved later is recorded as late), and the default share of
# each risk grade drawn (percent; a user may give absolute counts instead).
YZF_INSPECTION_PLAN_DUE = os.environ.get("YZF_INSPECTION_PLAN_DUE", "03-31")
YZF_INSPECTION_DRAW_SHARES = os.environ.get("YZF_INSPECTION_DRAW_SHARES", "A:5,B:10,C:20,D:50")
