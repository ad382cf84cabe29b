from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
]
