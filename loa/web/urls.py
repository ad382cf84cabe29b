from django.urls import path

from . import account_views, audit_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("todo/count/", views.todo_badge, name="todo_badge"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/import/", views.unit_import_view, name="unit_import"),
    path("units/template.xlsx", views.unit_template_view, name="unit_template"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/new-child/", views.unit_create_view, name="unit_create"),
    path("units/<str:code>/edit/", views.unit_edit_view, name="unit_edit"),
    path("users/", account_views.user_list, name="user_list"),
    path("users/new/", account_views.user_create_view, name="user_create"),
    path("users/import/", account_views.user_import_view, name="user_import"),
    path("users/template.xlsx", account_views.user_template_view, name="user_template"),
    path("users/credentials/", account_views.user_credentials_view, name="user_credentials"),
    path("users/<int:pk>/edit/", account_views.user_edit_view, name="user_edit"),
    path("users/<int:pk>/deactivate/", account_views.user_deactivate_view, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", account_views.user_reactivate_view, name="user_reactivate"),
    path("users/<int:pk>/reset-password/", account_views.user_reset_view, name="user_reset_password"),
    path("audit/", audit_views.audit, name="audit"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("search/", views.search, name="search"),
]
