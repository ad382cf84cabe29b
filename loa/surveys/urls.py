from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/change/", views.survey_change, name="change"),
    path("<int:pk>/enter/", views.survey_enter, name="enter"),
    path("<int:pk>/import/", views.survey_import, name="import"),
    path("<int:pk>/record/", views.survey_record, name="record"),
    path("<int:pk>/review/<int:response_pk>/", views.survey_review, name="review"),
    path("<int:pk>/export.xlsx", views.survey_export, name="export"),
    path("<int:pk>/xlsform.xlsx", views.survey_xlsform, name="xlsform"),
    path("points/", views.point_list, name="points"),
    path("points/<int:pk>/", views.point_change, name="point"),
    path("points/<int:pk>/poster.pdf", views.point_poster, name="poster"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template"),
]
