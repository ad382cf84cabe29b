from django.urls import path

from . import views

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
    path("users/", views.user_list, name="user_list"),
    path("audit/", views.audit, name="audit"),
    path("search/", views.search, name="search"),
]
