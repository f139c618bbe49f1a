from django.urls import path

from salespeople import views

app_name = "salespeople"

urlpatterns = [
    path("", views.salesperson_list, name="list"),
    path("new/", views.salesperson_create, name="create"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<code:code>/", views.team_detail, name="team_detail"),
    path("teams/<code:code>/members/add/", views.team_member_add, name="team_member_add"),
    path("teams/<code:code>/members/remove/", views.team_member_remove, name="team_member_remove"),
    path("teams/<code:code>/delete/", views.team_delete, name="team_delete"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<code:username>/", views.user_update, name="user_update"),
    path("<code:code>/", views.salesperson_detail, name="detail"),
    path("<code:code>/delete/", views.salesperson_delete, name="delete"),
]
