from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.ranking_view, name="ranking"),
    path("commendations/", views.commendation_view, name="commendations"),
    path("commendations/<int:pk>/delete/", views.commendation_delete_view, name="commendation_delete"),
    path("commendations/evidence/", views.commendation_evidence_view, name="commendation_evidence"),
    path("<str:code>/<int:year>/", views.sheet_view, name="sheet"),
]
