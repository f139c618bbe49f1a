from django.urls import path  # noqa: F401

from interactions import views  # noqa: F401

app_name = "interactions"

urlpatterns: list = []
