from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "xxgk.register"
    label = "register"
    verbose_name = "依申请公开登记"
    default_auto_field = "django.db.models.BigAutoField"
