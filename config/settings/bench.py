"""Benchmarks (`make bench`): production-like request handling on a database of its own.

DEBUG off (cached templates, no query log), persistent connections, fast password hashing,
mail and cache in memory. The database is var/bench.sqlite3, or, when DATABASE_URL is set, a
database on that server named like it with the suffix `_bench`. `python -m benchmarks.run`
creates it from scratch on every run and drops it (PostgreSQL) at the end.
"""

import os
import warnings

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-real-deployment-0123456789")

import dj_database_url

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_int, env_str

BENCH_SUFFIX = "_bench"

if env_str("DATABASE_URL"):
    _url = dj_database_url.parse(env_str("DATABASE_URL"))
    if _url["ENGINE"] == "django.db.backends.sqlite3":
        raise RuntimeError("For SQLite, leave DATABASE_URL unset: benchmarks use var/bench.sqlite3")
    _url["NAME"] = f"{_url['NAME']}{BENCH_SUFFIX}"
else:
    _url = dj_database_url.parse(f"sqlite:///{VAR_DIR / 'bench.sqlite3'}")
_url["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES = {"default": _url}

# Static files are found by the finders; whitenoise need not warn about a missing STATIC_ROOT.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

ALLOWED_HOSTS = ["testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "bench-media"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
