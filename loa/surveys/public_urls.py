"""Public addresses (no account), printed on posters: keep them stable."""

from django.urls import path

from . import public

app_name = "surveys_public"
urlpatterns = [
    path("cam-on/", public.thanks, name="thanks"),
    path("diem/<str:code>/", public.by_point, name="point"),
    path("<str:code>/", public.by_link, name="link"),
]
