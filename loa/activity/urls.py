from django.urls import path

from . import views

app_name = "activity"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("export.xlsx", views.activity_export, name="export"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("import/", views.activity_import, name="import"),
    path("template.xlsx", views.activity_template, name="template"),
    path("tasks/", views.unit_tasks, name="tasks"),
    path("plans/<int:pk>/progress/", views.plan_progress_view, name="plan_progress"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
