from django.urls import path

app_name = "contests_public"

urlpatterns: list = []
