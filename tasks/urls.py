from django.urls import path  # noqa: F401

from tasks import views  # noqa: F401

app_name = "tasks"

urlpatterns: list = []
