from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
]
