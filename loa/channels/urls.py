from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("", views.channel_list, name="list"),
    path("<int:pk>/", views.channel_change, name="change"),
    path("export.xlsx", views.channel_export, name="export"),
    path("template.xlsx", views.channel_template, name="template"),
    path("coverage/", views.channel_coverage, name="coverage"),
]
