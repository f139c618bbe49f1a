from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("status-codes/", views.status_list, name="status_list"),
    path("status-codes/new/", views.status_create, name="status_create"),
    path("status-codes/<str:code>/", views.status_update, name="status_update"),
    path("status-codes/<str:code>/delete/", views.status_delete, name="status_delete"),
    path("<str:no>/", views.campaign_detail, name="detail"),
    path("<str:no>/advance-status/", views.advance_status, name="advance_status"),
    path("<str:no>/delete/", views.campaign_delete, name="delete"),
    path("<str:no>/comments/", views.comment_add, name="comment_add"),
    path("<str:no>/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("<str:no>/statistics/", views.statistics, name="statistics"),
    path("<str:no>/entries/", views.entries, name="entries"),
    path("<str:no>/entries/delete/", views.entries_delete, name="entries_delete"),
    path("<str:no>/entries/<int:entry_no>/canceled/", views.entry_cancel, name="entry_cancel"),
    path("<str:no>/entries/<int:entry_no>/delete/", views.entry_delete, name="entry_delete"),
]
