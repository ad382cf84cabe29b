from django.urls import path

from . import views

app_name = "column"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("new/", views.news_create, name="create"),
    path("settings/", views.column_settings, name="settings"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("<int:pk>/edit/", views.news_edit, name="edit"),
    path("<int:pk>/act/", views.news_act, name="act"),
]
