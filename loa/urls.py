from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from loa.api.api import api
from loa.offline import views_pwa
from loa.web.auth_views import LoaLoginView, LoaPasswordChangeView

urlpatterns = [
    path("login/", LoaLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", LoaPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("plans/import/", include("loa.intake.urls")),
    path("plans/", include("loa.plans.urls")),
    path("activities/", include("loa.activity.urls")),
    path("reports/", include("loa.reports.urls")),
    path("notifications/", include("loa.notify.urls")),
    path("dashboard/", include("loa.dashboards.urls")),
    path("scores/", include("loa.scoring.urls")),
    path("indices/", include("loa.indices.urls")),
    path("channels/", include("loa.channels.urls")),
    path("surveys/", include("loa.surveys.urls")),
    path("khao-sat/", include("loa.surveys.public_urls")),
    path("feedback/", include("loa.feedback.urls")),
    path("phan-anh/", include("loa.feedback.public_urls")),
    path("oversight/", include("loa.oversight.urls")),
    path("column/", include("loa.column.urls")),
    path("cchc/", include("loa.column.public_urls")),
    path("contests/", include("loa.contests.urls")),
    path("cuoc-thi/", include("loa.contests.public_urls")),
    path("offline/", include("loa.offline.urls")),
    path("signing/", include("loa.signing.urls")),
    # The service worker must be served from the root for its scope to be the whole site.
    path("sw.js", views_pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_pwa.manifest, name="manifest"),
    path("", include("loa.web.urls")),
]

handler400 = "loa.web.errors.bad_request"
handler404 = "loa.web.errors.not_found"
handler403 = "loa.web.errors.forbidden"
handler500 = "loa.web.errors.server_error"
