from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/amend/", views.plan_amend, name="amend"),
    path("<int:pk>/amend/discard/", views.plan_amend_discard, name="amend_discard"),
    path("<int:pk>/close/", views.plan_close, name="close"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/changes/", views.plan_changes, name="changes"),
    path("<int:pk>/cascade/", views.plan_cascade, name="cascade"),
    path("<int:pk>/export/<str:fmt>/", views.plan_export, name="export"),
]
