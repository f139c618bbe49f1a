from django.apps import AppConfig


class RoleCentresConfig(AppConfig):
    name = "rolecentres"
    verbose_name = "Role Centres"
