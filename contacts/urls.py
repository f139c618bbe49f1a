from django.urls import path

from contacts import views
from contacts.lists import CODE_TABLES

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("export/", views.contact_export, name="export"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
    path("options/", views.contact_options, name="options"),
    path("import/", views.import_upload, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
]

# Setup: the code tables, one set of pages each (contacts:industrygroup_list, …).
for table in CODE_TABLES:
    urlpatterns += table.urls()

# The card last, so that "new", "export" and "import" are not taken for contact numbers.
urlpatterns += [
    path("<code:no>/", views.contact_detail, name="detail"),
    path("<code:no>/edit/", views.contact_update, name="update"),
    path("<code:no>/delete/", views.contact_delete, name="delete"),
]
