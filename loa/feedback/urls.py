from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("<int:pk>/", views.feedback_detail, name="detail"),
    path("<int:pk>/act/", views.feedback_act, name="act"),
    path("stats/", views.feedback_stats, name="stats"),
    path("rules/", views.feedback_rules, name="rules"),
]
