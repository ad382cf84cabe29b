"""Public addresses (no account), linked from portals: keep them stable."""

from django.urls import path

from . import public

app_name = "feedback_public"
urlpatterns = [
    path("", public.form, name="form"),
    path("tra-cuu/", public.track, name="track"),
    path("cong-khai/", public.published, name="published"),
]
