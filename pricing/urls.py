from django.urls import path  # noqa: F401

from pricing import views  # noqa: F401

app_name = "pricing"

urlpatterns: list = []
