from django.contrib import admin
from django.urls import include, path

from chidao.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("chidao.accounts.urls")),
    path("", include("chidao.committees.urls")),
    path("units/", include("chidao.units.urls")),
    path("decisions/", include("chidao.documents.urls")),
    path("tasks/", include("chidao.tasks.urls")),
    path("notifications/", include("chidao.notifications.urls")),
    path("urging/", include("chidao.urging.urls")),
    path("explanations/", include("chidao.explanations.urls")),
    path("meetings/", include("chidao.meetings.urls")),
    path("reports/", include("chidao.reports.urls")),
    path("reports/", include("chidao.reviews.urls")),
    path("evaluation/", include("chidao.evaluation.urls")),
    path("ingest/", include("chidao.ingest.urls")),
    path("obstacles/", include("chidao.obstacles.urls")),
    path("indicators/", include("chidao.indicators.urls")),
    path("inspections/", include("chidao.inspections.urls")),
    path("public/", include("chidao.indicators.urls_public")),
]

# Errors in the product's layout and in Vietnamese; JSON under /api/ (chidao.core.error_views).
handler400 = "chidao.core.error_views.bad_request"
handler403 = "chidao.core.error_views.permission_denied"
handler404 = "chidao.core.error_views.page_not_found"
handler500 = "chidao.core.error_views.server_error"
