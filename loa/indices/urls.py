from django.urls import path

from . import views

app_name = "indices"
urlpatterns = [
    path("", views.index_list, name="list"),
    path("template.xlsx", views.index_template, name="template"),
]
