from django.urls import path

from interactions import views
from interactions.lists import GROUPS

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

# --- interaction groups (core.codetables: interactions.lists.GROUPS) and templates (setup; views.py) ---
urlpatterns += GROUPS.urls()
urlpatterns += [
    path("setup/templates/", views.template_list, name="template_list"),
    path("setup/templates/new/", views.template_create, name="template_create"),
    path("setup/templates/<code:code>/", views.template_update, name="template_update"),
    path("setup/templates/<code:code>/delete/", views.template_delete, name="template_delete"),
]
