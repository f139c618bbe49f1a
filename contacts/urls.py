from django.urls import path  # noqa: F401

from contacts import views  # noqa: F401

app_name = "contacts"

urlpatterns: list = []
