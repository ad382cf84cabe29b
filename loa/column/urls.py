from django.urls import path

app_name = "column"

urlpatterns: list = []
