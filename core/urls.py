from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    # "" (core:home) is the role centre: config/urls.py adds it to this namespace from the rolecentres app.
    path("setup/", views.setup, name="setup"),
    path("setup/no-series/", views.noseries_list, name="noseries_list"),
    path("setup/no-series/new/", views.noseries_create, name="noseries_create"),
    path("setup/no-series/<code:code>/", views.noseries_update, name="noseries_update"),
    path("setup/no-series/<code:code>/delete/", views.noseries_delete, name="noseries_delete"),
    path("setup/marketing/", views.marketing_setup, name="marketing_setup"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/run-again/", views.job_retry, name="job_retry"),
    path("lists/<code:key>/columns/", views.list_columns, name="list_columns"),
    path("date-formula/preview/", views.date_formula_preview, name="date_formula_preview"),
    path("my-settings/", views.profile, name="profile"),
    path("my-settings/language/", views.set_language, name="set_language"),
]
