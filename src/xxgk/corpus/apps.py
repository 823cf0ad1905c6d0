from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "xxgk.corpus"
    label = "corpus"
    verbose_name = "年度报告库"
    default_auto_field = "django.db.models.BigAutoField"
