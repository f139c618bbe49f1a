from django.urls import path

from campaigns import lookups, views
from campaigns.lists import STATUS_CODES

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("options/", lookups.campaign_options, name="options"),
    # Campaign Status codes (core.codetables): before "<code:no>/", which would take "status-codes/" for a No.
    *STATUS_CODES.urls(),
    path("<code:no>/", views.campaign_detail, name="detail"),
    path("<code:no>/advance-status/", views.advance_status, name="advance_status"),
    path("<code:no>/delete/", views.campaign_delete, name="delete"),
    path("<code:no>/comments/", views.comment_add, name="comment_add"),
    path("<code:no>/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("<code:no>/statistics/", views.statistics, name="statistics"),
    path("<code:no>/entries/", views.entries, name="entries"),
    path("<code:no>/entries/delete/", views.entries_delete, name="entries_delete"),
    path("<code:no>/entries/<int:entry_no>/canceled/", views.entry_cancel, name="entry_cancel"),
    path("<code:no>/entries/<int:entry_no>/delete/", views.entry_delete, name="entry_delete"),
]
