from django.urls import path

from segments import views  # noqa: F401

app_name = "segments"

urlpatterns: list = []

# --- Log Segment (log_views) ---
from segments import log_views  # noqa: E402

urlpatterns += [
    path("<str:no>/log/", log_views.log_segment, name="log"),
]
