from django.urls import path  # noqa: F401

from segments import views  # noqa: F401

app_name = "segments"

urlpatterns: list = []
