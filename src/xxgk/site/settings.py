"""Django settings for the xxgk corpus: the database from the environment, nothing else to configure."""

from .paths import data_dir, database_settings

SECRET_KEY = "xxgk-local-only"  # no sessions or signed data are served from this project yet
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "xxgk.corpus",
]
DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
ROOT_URLCONF = "xxgk.site.urls"
XXGK_DATA_DIR = data_dir()
