from django.urls import path

from . import entry_public, public

app_name = "contests_public"

urlpatterns = [
    path("", public.contest_list, name="list"),
    path("<str:code>/", public.contest_page, name="contest"),
    path("<str:code>/don-vi/", public.unit_search, name="units"),
    path("<str:code>/vao-thi/", public.join, name="join"),
    path("<str:code>/bai/<str:token>/", public.attempt_page, name="attempt"),
    path("<str:code>/ket-qua/<str:token>/", public.attempt_result, name="result"),
    path("<str:code>/xep-hang/", public.standings_page, name="standings"),
    path("<str:code>/nop-bai/", entry_public.submit, name="submit_entry"),
]
