from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("board/", views.report_board, name="board"),
    path("board/remind/", views.report_remind, name="remind"),
    path("board/export/", views.report_batch, name="batch"),
    path("jobs/<int:pk>/", views.export_job, name="job"),
    path("jobs/<int:pk>/download/", views.export_job_download, name="job_download"),
    path("<str:code>/<str:period>/", views.report_detail, name="detail"),
    path("<str:code>/<str:period>/submit/", views.report_submit, name="submit"),
    path("<str:code>/<str:period>/request-signature/", views.report_request_signature, name="request_signature"),
    path("<str:code>/<str:period>/accept/", views.report_accept, name="accept"),
    path("<str:code>/<str:period>/return/", views.report_return, name="return"),
    path("<str:code>/<str:period>/export.<str:fmt>", views.report_export, name="export"),
    path("<str:code>/<str:period>/versions/<int:number>/", views.report_version, name="version"),
]
