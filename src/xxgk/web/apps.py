from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "xxgk.web"
    label = "web"
    verbose_name = "网页与接口"
    default_auto_field = "django.db.models.BigAutoField"
