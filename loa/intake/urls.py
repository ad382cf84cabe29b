from django.urls import path

from . import appendix_views, views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
    path("appendix/<int:pk>/", appendix_views.appendix, name="appendix"),
    path("appendix/<int:pk>/template/", appendix_views.appendix_template, name="appendix_template"),
]
