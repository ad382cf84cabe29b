from django.urls import path

from . import views

app_name = "signing"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("roots/", views.roots, name="roots"),
    path("roots/<int:pk>/delete/", views.root_delete, name="root_delete"),
]
