from django.apps import AppConfig


class SalespeopleConfig(AppConfig):
    name = "salespeople"
    verbose_name = "Salespeople"
