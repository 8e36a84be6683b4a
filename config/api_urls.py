"""Every API route under /api/v1/. Each app lists its routes in its api.py as ROUTES."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from yntymaq.people import api as people_api
from yntymaq.service import api as service_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for routes in (people_api.ROUTES, service_api.ROUTES):
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("o/<slug:org_slug>/", include(router.urls)),
]
