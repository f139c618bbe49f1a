from django.urls import path

from segments import lookups, views

app_name = "segments"

urlpatterns = [
    path("", views.segment_list, name="list"),
    path("new/", views.segment_create, name="create"),
    path("options/", lookups.segment_options, name="options"),
    path("saved-criteria/", views.saved_criteria_list, name="saved_criteria_list"),
    path("saved-criteria/<code:code>/delete/", views.saved_criteria_delete, name="saved_criteria_delete"),
    path("<code:no>/", views.segment_detail, name="detail"),
    path("<code:no>/edit/", views.segment_update, name="update"),
    path("<code:no>/delete/", views.segment_delete, name="delete"),
    path("<code:no>/lines/add/", views.line_add, name="line_add"),
    path("<code:no>/lines/remove/", views.lines_remove, name="lines_remove"),
    path("<code:no>/lines/campaign-target/", views.lines_target, name="lines_target"),
    path("<code:no>/lines/<int:line_no>/", views.line_update, name="line_update"),
    path("<code:no>/lines/<int:line_no>/campaign-target/", views.line_target, name="line_target"),
    path("<code:no>/criteria/go-back/", views.go_back, name="go_back"),
    path("<code:no>/criteria/save/", views.save_criteria, name="save_criteria"),
    path("<code:no>/criteria/reuse/", views.reuse_criteria, name="reuse_criteria"),
    path("<code:no>/criteria/reuse-logged/", views.reuse_logged, name="reuse_logged"),
    path("<code:no>/criteria/<slug:action>/", views.criteria_action, name="criteria"),
    path("<code:no>/criteria/<slug:action>/count/", views.criteria_count, name="criteria_count"),
]

# --- Log Segment (log_views) ---
from segments import log_views  # noqa: E402

urlpatterns += [
    path("<code:no>/log/", log_views.log_segment, name="log"),
]
