from django.urls import path

from segments import views

app_name = "segments"

urlpatterns = [
    path("", views.segment_list, name="list"),
    path("new/", views.segment_create, name="create"),
    path("saved-criteria/", views.saved_criteria_list, name="saved_criteria_list"),
    path("saved-criteria/<str:code>/delete/", views.saved_criteria_delete, name="saved_criteria_delete"),
    path("<str:no>/", views.segment_detail, name="detail"),
    path("<str:no>/edit/", views.segment_update, name="update"),
    path("<str:no>/delete/", views.segment_delete, name="delete"),
    path("<str:no>/lines/add/", views.line_add, name="line_add"),
    path("<str:no>/lines/remove/", views.lines_remove, name="lines_remove"),
    path("<str:no>/lines/campaign-target/", views.lines_target, name="lines_target"),
    path("<str:no>/lines/<int:line_no>/", views.line_update, name="line_update"),
    path("<str:no>/lines/<int:line_no>/campaign-target/", views.line_target, name="line_target"),
    path("<str:no>/criteria/go-back/", views.go_back, name="go_back"),
    path("<str:no>/criteria/save/", views.save_criteria, name="save_criteria"),
    path("<str:no>/criteria/reuse/", views.reuse_criteria, name="reuse_criteria"),
    path("<str:no>/criteria/reuse-logged/", views.reuse_logged, name="reuse_logged"),
    path("<str:no>/criteria/<slug:action>/", views.criteria_action, name="criteria"),
]

# --- Log Segment (log_views) ---
from segments import log_views  # noqa: E402

urlpatterns += [
    path("<str:no>/log/", log_views.log_segment, name="log"),
]
