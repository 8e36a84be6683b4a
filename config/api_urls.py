"""Every API route under /api/v1/. Each app lists its routes in its api.py as ROUTES."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from yntymaq.incoming import api as incoming_api
from yntymaq.outbound import api as outbound_api
from yntymaq.partners import api as partners_api
from yntymaq.people import api as people_api
from yntymaq.planning import api as planning_api
from yntymaq.reporting import api as reporting_api
from yntymaq.service import api as service_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
APP_ROUTES = (
    people_api.ROUTES,
    service_api.ROUTES,
    incoming_api.ROUTES,
    outbound_api.ROUTES,
    partners_api.ROUTES,
    planning_api.ROUTES,
    reporting_api.ROUTES,
)
for routes in APP_ROUTES:
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("o/<slug:org_slug>/", include(router.urls)),
    path("authority/", include("yntymaq.authority.api_reports")),
    path("authority/", include("yntymaq.authority.api_organizations")),
    path("authority/", include("yntymaq.authority.api_users")),
]
