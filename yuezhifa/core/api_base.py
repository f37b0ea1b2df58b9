"""Base classes for API views: reads go through a selector (restricted), writes through a service."""

from django.db import models
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, viewsets

PROBLEM = OpenApiResponse(description="错误：application/problem+json（RFC 9457），detail 为中文说明，field 指出出错字段。")
READ_ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM}
WRITE_ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}


class RestrictedReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail of exactly the rows ``selector(user=..., action="view")`` permits.

    A row outside the user's scope answers 404, the same as a row that does not exist, so ids leak nothing.
    """

    selector = None  # a function (*, user, action) -> QuerySet

    def get_queryset(self) -> models.QuerySet:
        return type(self).selector(user=self.request.user, action="view")
