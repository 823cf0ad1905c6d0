"""The site: xxgk's pages at the root, its API under /api/."""

from django.urls import include, path

from xxgk.web.api import api

urlpatterns = [path("api/", api.urls), path("", include("xxgk.web.urls"))]
