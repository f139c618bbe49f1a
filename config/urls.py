"""Top-level URLs: one include per app, namespaced by app name."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from core.converters import CodeConverter
from core.forms import LoginForm

# Before the apps' URLs are read: they name codes and numbers as <code:…>.
register_converter(CodeConverter, "code")

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
    path("", include("core.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("salespeople/", include("salespeople.urls")),
    path("contacts/", include("contacts.urls")),
    path("interactions/", include("interactions.urls")),
    path("segments/", include("segments.urls")),
    path("tasks/", include("tasks.urls")),
    path("pricing/", include("pricing.urls")),
    path("opportunities/", include("opportunities.urls")),
]
