from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("yntymaq.ops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("yntymaq.people.urls")),
    path("", include("yntymaq.service.urls")),
    path("", include("yntymaq.incoming.urls")),
    path("", include("yntymaq.outbound.urls")),
    path("", include("yntymaq.partners.urls")),
    path("", include("yntymaq.planning.urls")),
    path("", include("yntymaq.reporting.urls")),
    path("", include("yntymaq.authority.urls")),
    path("", include("yntymaq.core.urls")),
]

handler400 = "yntymaq.core.views.errors.bad_request"
handler403 = "yntymaq.core.views.errors.permission_denied"
handler404 = "yntymaq.core.views.errors.page_not_found"
handler500 = "yntymaq.core.views.errors.server_error"
