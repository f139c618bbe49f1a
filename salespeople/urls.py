from django.urls import path  # noqa: F401

from salespeople import views  # noqa: F401

app_name = "salespeople"

urlpatterns: list = []
