"""Pagination of the registry with a cheap count: a page that shows every result needs no
COUNT query (a search usually finds fewer stays than a page holds)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class RegistryPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        probe = list(self.object_list.values_list("pk", flat=True)[: self.per_page + 1])
        if len(probe) <= self.per_page:
            return len(probe)
        return self.object_list.count()


class RegistryApiPagination(PageNumberPagination):
    django_paginator_class = RegistryPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
