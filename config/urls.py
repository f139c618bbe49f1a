"""Top-level URLs: one include per app, namespaced by app name."""

from importlib import import_module

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from core.converters import CodeConverter
from core.forms import LoginForm
from rolecentres import views as rolecentres_views

# Before the apps' URLs are read: they name codes and numbers as <code:…>.
register_converter(CodeConverter, "code")
# core's URLs with the role centre as their home page (core:home, which every page links): the role centre reads
# every app, so it lives above them in rolecentres and joins core's namespace here.
CORE_URLS = ([path("", rolecentres_views.home, name="home"), *import_module("core.urls").urlpatterns], "core")

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include(CORE_URLS)),
    path("campaigns/", include("campaigns.urls")),
    path("salespeople/", include("salespeople.urls")),
    path("contacts/", include("contacts.urls")),
    path("interactions/", include("interactions.urls")),
    path("segments/", include("segments.urls")),
    path("tasks/", include("tasks.urls")),
    path("pricing/", include("pricing.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("search/", include("search.urls")),
]
