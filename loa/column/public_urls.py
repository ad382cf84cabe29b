from django.urls import path

app_name = "column_public"

urlpatterns: list = []
