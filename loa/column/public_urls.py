"""Public addresses of the CCHC column (no account), pasted into portals and printed: keep them stable."""

from django.urls import path

from . import public

app_name = "column_public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<str:code>/", public.home, name="home"),
    path("<str:code>/tin/<int:pk>/", public.news, name="news"),
    path("<str:code>/anh/<int:pk>/", public.image, name="image"),
    path("<str:code>/van-ban/ke-hoach/<int:pk>/<str:fmt>/", public.plan_file, name="plan_file"),
    path("<str:code>/van-ban/bao-cao/<str:period>/<str:fmt>/", public.report_file, name="report_file"),
    path("<str:code>/tim-kiem/", public.search, name="search"),
    path("<str:code>/feed/", public.feed, name="feed"),
    path("<str:code>/nhung/", public.embed, name="embed"),
]
