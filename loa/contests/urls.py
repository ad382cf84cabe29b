from django.urls import path

from . import entry_views, views

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="list"),
    path("new/", views.contest_create, name="create"),
    path("bank/", views.bank_list, name="bank"),
    path("bank/new/", views.question_create, name="question_create"),
    path("bank/<int:pk>/", views.question_edit, name="question"),
    path("bank/export.xlsx", views.bank_export, name="bank_export"),
    path("bank/template.xlsx", views.bank_template, name="bank_template"),
    path("bank/import/", views.bank_import, name="bank_import"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/edit/", views.contest_edit, name="edit"),
    path("<int:pk>/status/", views.contest_status, name="status"),
    path("<int:pk>/rounds/", views.round_add, name="round_add"),
    path("<int:pk>/rounds/<int:number>/", views.round_edit, name="round"),
    path("<int:pk>/rounds/<int:number>/ranking/", views.round_ranking, name="ranking"),
    path("<int:pk>/rounds/<int:number>/finish/", views.round_finish, name="finish"),
    path("<int:pk>/rounds/<int:number>/certificates.pdf", views.round_certificates, name="certificates"),
    path("<int:pk>/rounds/<int:number>/results.xlsx", views.round_xlsx, name="results_xlsx"),
    path("<int:pk>/overall/", views.overall, name="overall"),
    path("<int:pk>/overall/certificates.pdf", views.overall_certificates, name="overall_certificates"),
    path("<int:pk>/participants/", views.participant_list, name="participants"),
    path("<int:pk>/participants/<int:pid>/exclude/", views.participant_exclude, name="participant_exclude"),
    path("<int:pk>/judges/", entry_views.judges, name="judges"),
    path("<int:pk>/entries/", entry_views.entry_list, name="entries"),
    path("<int:pk>/entries/<int:eid>/", entry_views.entry_detail, name="entry"),
    path("<int:pk>/entries/<int:eid>/score/", entry_views.entry_score, name="entry_score"),
    path("<int:pk>/entries/<int:eid>/exclude/", entry_views.entry_exclude, name="entry_exclude"),
    path("<int:pk>/entries/<int:eid>/files/<int:fid>/", entry_views.entry_file, name="entry_file"),
    path("<int:pk>/results/", entry_views.entry_results_page, name="entry_results"),
    path("<int:pk>/results/certificates.pdf", entry_views.entry_certificates, name="entry_certificates"),
]
