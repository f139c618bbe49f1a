from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("my/", views.my_tasks, name="my_tasks"),
    path("agenda/", views.agenda, name="agenda"),
    path("workload/", views.workload, name="workload"),
    path("panel/", views.panel, name="panel"),
    path("new/", views.task_create, name="create"),
    path("assign-activity/", views.assign_activity, name="assign_activity"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<code:code>/", views.activity_detail, name="activity_detail"),
    path("activities/<code:code>/delete/", views.activity_delete, name="activity_delete"),
    path("<code:no>/", views.task_detail, name="detail"),
    path("<code:no>/close/", views.close, name="close"),
    path("<code:no>/close-from-list/", views.close_from_list, name="close_from_list"),
    path("<code:no>/log-call-outcome/", views.log_call_outcome, name="log_call_outcome"),
    path("<code:no>/cancel/", views.cancel, name="cancel"),
    path("<code:no>/reopen/", views.reopen, name="reopen"),
    path("<code:no>/completed-by/", views.set_completed_by, name="set_completed_by"),
    path("<code:no>/delete/", views.delete, name="delete"),
]
