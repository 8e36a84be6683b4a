"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import SettingError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("YNTYMAQ_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise SettingError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_htmx",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "yntymaq.core",
    "yntymaq.people",
    "yntymaq.service",
    "yntymaq.incoming",
    "yntymaq.outbound",
    "yntymaq.partners",
    "yntymaq.planning",
    "yntymaq.reporting",
    "yntymaq.authority",
    "yntymaq.ops",
    "yntymaq.demo",
]

MIDDLEWARE = [
    "yntymaq.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yntymaq.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yntymaq.core.middleware.RequestContextMiddleware",
    "yntymaq.core.middleware.RejectNulCharactersMiddleware",
    "yntymaq.core.middleware.TwoFactorMiddleware",
    "yntymaq.core.middleware.OrganizationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "yntymaq.core.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        )
    }
except ValueError as error:  # dj-database-url's UnknownSchemeError and ParseError
    raise SettingError(
        "DATABASE_URL is not a database URL (postgres://user:password@host:5432/name)"
    ) from error
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo database: WAL lets pages read while a write (an import) runs; a
    # transaction takes the write lock when it begins (IMMEDIATE), so two writers queue for
    # up to `timeout` seconds instead of failing with "database is locked" (Django 5.1+).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's checks, with their messages in Kazakh too (yntymaq/core/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yntymaq.core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "yntymaq.core.passwords.MinimumLengthValidator"},
    {"NAME": "yntymaq.core.passwords.CommonPasswordValidator"},
    {"NAME": "yntymaq.core.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Failed-login throttling with growing delays, per account and per address (django-axes,
# configured by yntymaq.core.throttling, which explains the policy).
YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT = env_int("YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT", 5)
YNTYMAQ_LOGIN_FREE_FAILURES_PER_ADDRESS = env_int("YNTYMAQ_LOGIN_FREE_FAILURES_PER_ADDRESS", 20)
YNTYMAQ_LOGIN_FIRST_DELAY_SECONDS = env_int("YNTYMAQ_LOGIN_FIRST_DELAY_SECONDS", 30)
YNTYMAQ_LOGIN_MAX_DELAY_SECONDS = env_int("YNTYMAQ_LOGIN_MAX_DELAY_SECONDS", 900)
YNTYMAQ_LOGIN_MEMORY_HOURS = env_int("YNTYMAQ_LOGIN_MEMORY_HOURS", 24)
# Days the records of logins and failed logins are kept (the daily job deletes older ones).
YNTYMAQ_LOGIN_LOG_DAYS = env_int("YNTYMAQ_LOGIN_LOG_DAYS", 180)
# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For (nginx: 1). 0 trusts no header and uses the connection's address.
YNTYMAQ_TRUSTED_PROXIES = env_int("YNTYMAQ_TRUSTED_PROXIES", 0)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "yntymaq.core.throttling.failure_limit"
AXES_COOLOFF_TIME = timedelta(hours=YNTYMAQ_LOGIN_MEMORY_HOURS)
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "yntymaq.core.throttling.username"
AXES_CLIENT_IP_CALLABLE = "yntymaq.core.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "yntymaq.core.throttling.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Yntymaq"
# Days an API token works after it is issued (0: until it is revoked or replaced).
YNTYMAQ_API_TOKEN_DAYS = env_int("YNTYMAQ_API_TOKEN_DAYS", 90)

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["yntymaq.core.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served as public media: only through access-checked views.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
YNTYMAQ_UPLOAD_MAX_BYTES = env_int("YNTYMAQ_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Yntymaq <noreply@localhost>")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
    if env_str("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if not env_str("REDIS_URL"):
    # An import's live progress and its cancel request pass from the web process to the task
    # worker through a cache both see (core.imports): Redis when configured, else files.
    CACHES["progress"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "progress"),
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yntymaq.core.authentication.TokenAuthentication",
        "yntymaq.core.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "yntymaq.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "yntymaq.core.schema.OrgAutoSchema",
    "EXCEPTION_HANDLER": "yntymaq.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yntymaq API",
    "DESCRIPTION": "Registries of the international cooperation service, scoped by organization.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set (drf-spectacular), so the schema has no name collisions.
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "DestinationCountryEnum": "yntymaq.outbound.models.destination_countries",
        "ActivityAreaEnum": "yntymaq.planning.enums.ActivityArea",
        "ActivityKindEnum": "yntymaq.planning.enums.ActivityKind",
        "AgreementFormEnum": "yntymaq.partners.enums.AgreementForm",
        "AgreementKindEnum": "yntymaq.partners.enums.AgreementKind",
        "AgreementStatusEnum": "yntymaq.partners.enums.AgreementStatus",
        "AppointmentKindEnum": "yntymaq.service.enums.AppointmentKind",
        "ApprovalStageEnum": "yntymaq.partners.enums.ApprovalStage",
        "ArrivalLineEnum": "yntymaq.incoming.enums.ArrivalLine",
        "AssessmentResultEnum": "yntymaq.incoming.enums.AssessmentResult",
        "BriefingTopicEnum": "yntymaq.incoming.enums.BriefingTopic",
        "CandidateCategoryEnum": "yntymaq.outbound.enums.CandidateCategory",
        "CandidateStatusEnum": "yntymaq.outbound.enums.CandidateStatus",
        "CefrLevelEnum": "yntymaq.outbound.enums.CefrLevel",
        "ClearanceFormEnum": "yntymaq.service.enums.ClearanceForm",
        "ConferenceKindEnum": "yntymaq.planning.enums.ConferenceKind",
        "ConferenceRoleEnum": "yntymaq.planning.enums.ConferenceRole",
        "CourseKindEnum": "yntymaq.planning.enums.CourseKind",
        "DecisionOutcomeEnum": "yntymaq.partners.enums.DecisionOutcome",
        "DocumentCodeEnum": "yntymaq.outbound.enums.DocumentCode",
        "DocumentKindEnum": "yntymaq.people.enums.DocumentKind",
        "DocumentStatusEnum": "yntymaq.incoming.enums.DocumentStatus",
        "EducationLevelEnum": "yntymaq.planning.enums.EducationLevel",
        "EducationTypeEnum": "yntymaq.incoming.enums.EducationType",
        "ExamResultEnum": "yntymaq.incoming.enums.ExamResult",
        "FileKindEnum": "yntymaq.reporting.enums.FileKind",
        "FundingEnum": "yntymaq.outbound.enums.Funding",
        "GapSeverityEnum": "yntymaq.reporting.enums.GapSeverity",
        "GenerationStatusEnum": "yntymaq.reporting.enums.GenerationStatus",
        "IncomingLanguageLevelEnum": "yntymaq.incoming.enums.LanguageLevel",
        "IndicatorKindEnum": "yntymaq.planning.enums.IndicatorKind",
        "ItemStatusEnum": "yntymaq.planning.enums.ItemStatus",
        "KinshipEnum": "yntymaq.incoming.enums.Kinship",
        "LanguageEnum": "yntymaq.outbound.enums.Language",
        "LanguageLevelEnum": "yntymaq.service.enums.LanguageLevel",
        "LegalStatusEnum": "yntymaq.incoming.enums.LegalStatus",
        "MaritalStatusEnum": "yntymaq.incoming.enums.MaritalStatus",
        "MaterialKindEnum": "yntymaq.planning.enums.MaterialKind",
        "MissionKindEnum": "yntymaq.partners.enums.MissionKind",
        "MotiveEnum": "yntymaq.incoming.enums.Motive",
        "OrganizationKindEnum": "yntymaq.core.enums.OrganizationKind",
        "OriginFactKindEnum": "yntymaq.incoming.enums.OriginFactKind",
        "OutboundDocumentStatusEnum": "yntymaq.outbound.enums.DocumentStatus",
        "ParticipantStatusEnum": "yntymaq.outbound.enums.ParticipantStatus",
        "PartnerKindEnum": "yntymaq.partners.enums.PartnerKind",
        "PermitKindEnum": "yntymaq.incoming.enums.PermitKind",
        "PlanStatusEnum": "yntymaq.outbound.enums.PlanStatus",
        "PlanningPlanStatusEnum": "yntymaq.planning.enums.PlanStatus",
        "PurposeEnum": "yntymaq.outbound.enums.Purpose",
        "QuestionnaireStatusEnum": "yntymaq.incoming.enums.QuestionnaireStatus",
        "RegionEnum": "yntymaq.core.enums.Region",
        "RegistrationChannelEnum": "yntymaq.incoming.enums.RegistrationChannel",
        "ReportKindEnum": "yntymaq.outbound.enums.ReportKind",
        "ReportStateEnum": "yntymaq.reporting.enums.ReportState",
        "ReportStatusEnum": "yntymaq.outbound.enums.ReportStatus",
        "ResultKindEnum": "yntymaq.partners.enums.ResultKind",
        "RoleEnum": "yntymaq.core.enums.Role",
        "SexEnum": "yntymaq.people.enums.Sex",
        "StateLanguageLevelEnum": "yntymaq.service.enums.StateLanguageLevel",
        "StayCategoryEnum": "yntymaq.incoming.enums.StayCategory",
        "StayStatusEnum": "yntymaq.incoming.enums.StayStatus",
        "StudyLevelEnum": "yntymaq.incoming.enums.StudyLevel",
        "SubjectAreaEnum": "yntymaq.partners.enums.SubjectArea",
        "SubmissionStatusEnum": "yntymaq.reporting.enums.SubmissionStatus",
        "TaskKindEnum": "yntymaq.incoming.enums.TaskKind",
        "TeachingMaterialKindEnum": "yntymaq.planning.enums.TeachingMaterialKind",
        "TrainingKindEnum": "yntymaq.outbound.enums.TrainingKind",
        "TransportEnum": "yntymaq.incoming.enums.Transport",
        "TripKindEnum": "yntymaq.outbound.enums.TripKind",
        "TripStatusEnum": "yntymaq.outbound.enums.TripStatus",
        "VisaEntriesEnum": "yntymaq.incoming.enums.VisaEntries",
        "VisaKindEnum": "yntymaq.incoming.enums.VisaKind",
    },
    # The schema and its docs are for signed-in users and token holders only (tenancy test).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

FORM_RENDERER = "yntymaq.core.forms_renderer.BootstrapFormRenderer"
# Off: with it every `{{ obj.pk }}` in an id, a hidden input or a checkbox value prints as
# "3 042" once ids pass 999 (a plan item's row could not be found, an upload's id not sent
# back), and years print as "2 027".
USE_THOUSAND_SEPARATOR = False

# Background work (reminders, large documents): Django's Tasks API, database backend.
# Run a worker with `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Imports (core.imports, docs/security.md): what one uploaded file may hold. The XLSX limits
# are read from the zip's central directory before the workbook is parsed (zip bombs).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)
# How many row errors an import keeps and shows (the count of the others is given).
IMPORT_MAX_ERRORS_SHOWN = env_int("IMPORT_MAX_ERRORS_SHOWN", 200)

# R8.11: the annual report is due by this day (MM-DD) of the year in which the academic year
# ends; set nationally by the authority, the same for every organization.
YNTYMAQ_ANNUAL_REPORT_DEADLINE = tuple(
    int(part) for part in env_str("YNTYMAQ_ANNUAL_REPORT_DEADLINE", "07-15").split("-")
)

# R4 (docs/rules.md): national, like the deadline, so that no organization moves its own bar.
# R4.1/R4.3: a stay of a foreign teacher or researcher, or a trip abroad, shorter than this many
# days is a visit (a conference, a lecture series), not study, work or research there.
YNTYMAQ_R4_MIN_STAY_DAYS = env_int("YNTYMAQ_R4_MIN_STAY_DAYS", 30)
# R4.2: "actively and effectively carried out agreements" (plural): at least this many
# agreements in force, each with at least this many results in the preceding 12 months.
YNTYMAQ_R4_2_MIN_AGREEMENTS = env_int("YNTYMAQ_R4_2_MIN_AGREEMENTS", 2)
YNTYMAQ_R4_2_MIN_RESULTS = env_int("YNTYMAQ_R4_2_MIN_RESULTS", 1)

# Requests a minute to a foreigner's questionnaire link, per link and per address.
YNTYMAQ_QUESTIONNAIRE_RATE_PER_MINUTE = env_int("YNTYMAQ_QUESTIONNAIRE_RATE_PER_MINUTE", 30)

# Public address of the site, for links in e-mails.
YNTYMAQ_SITE_URL = env_str("YNTYMAQ_SITE_URL", "http://127.0.0.1:8000")
