from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.ranking_view, name="ranking"),
    path("<str:code>/<int:year>/", views.sheet_view, name="sheet"),
]
