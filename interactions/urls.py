from django.urls import path

from interactions import views  # noqa: F401

app_name = "interactions"

urlpatterns: list = []

# --- interaction log entries, logged segments, Log Interaction (log_views) ---
from interactions import log_views  # noqa: E402

urlpatterns += [
    path("entries/", log_views.entry_list, name="entry_list"),
    path("entries/cancel/", log_views.entry_cancel, name="entry_cancel"),
    path("entries/<int:pk>/", log_views.entry_detail, name="entry_detail"),
    path("log/", log_views.log_interaction, name="log_interaction"),
    path("history-panel/", log_views.history_panel, name="history_panel"),
    path("logged-segments/", log_views.logged_segment_list, name="logged_segment_list"),
    path("logged-segments/cancel/", log_views.logged_segment_cancel, name="logged_segment_cancel"),
    path("logged-segments/<int:pk>/", log_views.logged_segment_detail, name="logged_segment_detail"),
]
