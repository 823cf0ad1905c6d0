"""Django settings for xxgk: the database and the data directory from the environment, the site's security on by
default (sessions that expire, CSRF, login attempts limited, a Content-Security-Policy without inline script,
static files served by the site itself)."""

import os

from .paths import data_dir, database_settings, exports_storage, originals_storage, secret_key

SECRET_KEY = secret_key()
DEBUG = os.environ.get("XXGK_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("XXGK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
                 if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("XXGK_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "auditlog",
    "ninja",
    "xxgk.corpus",
    "xxgk.web",
    "xxgk.register",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # the user behind each logged change of the register
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "xxgk.web.context.scope",
    ]},
}]
DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
ROOT_URLCONF = "xxgk.site.urls"
XXGK_DATA_DIR = data_dir()

LOGIN_URL = "xxgk:login"
LOGIN_REDIRECT_URL = "xxgk:overview"
LOGOUT_REDIRECT_URL = "xxgk:login"
SESSION_COOKIE_AGE = 8 * 3600  # a working day; the session ends with the browser too
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("XXGK_HTTPS") == "1"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AXES_FAILURE_LIMIT = 5  # failed logins of one user from one address before it is locked out
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "xxgk/locked.html"
AXES_VERBOSE = False

CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "object-src": ["'none'"], "base-uri": ["'self'"], "frame-ancestors": ["'self'"], "form-action": ["'self'"],
}}

STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "originals": originals_storage(),  # the files reports were read from, by hash
    "exports": exports_storage(),  # exports made by the workers, by job
}
WHITENOISE_USE_FINDERS = True  # served from the packages themselves: no collectstatic needed
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
XXGK_UPLOAD_MAX_BYTES = int(os.environ.get("XXGK_UPLOAD_MAX_MB", "50")) * 1024 * 1024
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# mail (the register's reminders): SMTP when XXGK_SMTP_HOST is set, else each message kept as a file under the data
# directory's outbox/, to read or to send by other means
if os.environ.get("XXGK_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["XXGK_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("XXGK_SMTP_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("XXGK_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("XXGK_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("XXGK_SMTP_TLS") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(data_dir() / "outbox")
DEFAULT_FROM_EMAIL = os.environ.get("XXGK_MAIL_FROM", "xxgk@localhost")
