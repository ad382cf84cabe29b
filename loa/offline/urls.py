from django.urls import path

from . import views, views_pwa

app_name = "offline"

urlpatterns = [
    path("", views.entry, name="entry"),
    path("help/", views_pwa.help_page, name="help"),
    path("fallback/", views_pwa.fallback, name="fallback"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
]
