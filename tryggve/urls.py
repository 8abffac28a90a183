from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tryggve import views
from tryggve.api import api

admin.site.site_header = _("Tryggve – administration")
admin.site.site_title = "Tryggve"
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/", include("reports.urls")),
    path("picture/", include("picture.urls")),
    path("meetings/", include("meetings.urls")),
    path("surveys/", include("surveys.urls")),
    path("inspections/", include("inspections.urls")),
    path("measures/", include("measures.urls")),
    path("jobs/", include("jobs.urls")),
    path("enkat/", include("surveys.public_urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Swedish pages (JSON under /api/) that never show a traceback: tryggve/errorpages.py
handler400 = "tryggve.errorpages.bad_request"
handler403 = "tryggve.errorpages.permission_denied"
handler404 = "tryggve.errorpages.page_not_found"
handler500 = "tryggve.errorpages.server_error"
