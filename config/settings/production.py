"""Production (`make serve`, the systemd units in deploy/): every value from the environment.

Refuses to start, with one line naming the setting, when a setting that a real installation
needs is missing or wrong: DEBUG on, no real SECRET_KEY, no DATABASE_URL, ALLOWED_HOSTS or
YNTYMAQ_SITE_URL, and no REDIS_URL: the cache that holds sessions, the login lockout's and the
questionnaire's request counts must be shared by every process and machine, so a per-process
memory cache is never used here. `.env.example` documents every variable.
"""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CSRF_TRUSTED_ORIGINS, DEBUG, SECRET_KEY, VAR_DIR
from .env import SettingError, env_bool, env_int, env_required, env_str

if DEBUG:
    raise SettingError("DEBUG must be off in production (DEBUG=0).")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise SettingError("SECRET_KEY must be a real secret of at least 50 characters.")
env_required("DATABASE_URL", "postgres://user:password@host:5432/name")
env_required("ALLOWED_HOSTS", "the site's host names, comma-separated (yntymaq.example.kz)")

YNTYMAQ_SITE_URL = env_required(
    "YNTYMAQ_SITE_URL", "the public address, https://yntymaq.example.kz"
)
if not YNTYMAQ_SITE_URL.startswith(("https://", "http://")):
    raise SettingError(f"YNTYMAQ_SITE_URL must start with https://, not {YNTYMAQ_SITE_URL!r}")

REDIS_URL = env_required("REDIS_URL", "redis://127.0.0.1:6379/0 (shared cache and sessions)")
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise SettingError(f"REDIS_URL must start with redis://, rediss:// or unix://: {REDIS_URL!r}")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "yntymaq"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Sessions read from Redis and written through to the database: any app server continues a
# session started on another, and a restart of Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Uploaded files: a folder every app server and worker shares (MEDIA_ROOT, e.g. an NFS mount),
# or an S3-compatible bucket through django-storages (MEDIA_STORAGE=s3). Either way files are
# served only through access-checked views.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("S3_BUCKET", "the bucket that holds uploaded files"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            "default_acl": None,
            "file_overwrite": False,  # like the file system: a new name, never a replaced file
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise SettingError(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")

# Static files: collected with hashed names (cached for ever by browsers) and, unless
# STATIC_COMPRESS=0, with gzip and brotli copies whitenoise serves to browsers that take them.
if not env_bool("STATIC_COMPRESS", True):
    STORAGES["staticfiles"] = {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    }

# Backups (`manage.py backup`): where archives are written.
BACKUP_DIR = env_str("BACKUP_DIR", str(VAR_DIR / "backups"))

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A plain-HTTP request is redirected to the public address, its port included
# (https://yntymaq.example.kz:8443/…), not to the host and port it came in on; a form sent
# from that address passes the CSRF origin check even if a proxy drops the port from Host.
_SITE = urlsplit(YNTYMAQ_SITE_URL)
if _SITE.scheme == "https":
    SECURE_SSL_HOST = _SITE.netloc
    _ORIGIN = f"https://{_SITE.netloc}"
    if _ORIGIN not in CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS = [*CSRF_TRUSTED_ORIGINS, _ORIGIN]
# Monitoring asks the app servers directly over HTTP: the health checks are never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# One JSON object a line on standard error (journald keeps it), each with the request id.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in ("json", "text"):
    raise SettingError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "yntymaq.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "yntymaq.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

YNTYMAQ_ACCESS_LOG = env_bool("YNTYMAQ_ACCESS_LOG", True)

# Errors (with the request id) to Sentry when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from yntymaq.ops.logs import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_int("SENTRY_TRACES_PER_THOUSAND", 0) / 1000,
    )
