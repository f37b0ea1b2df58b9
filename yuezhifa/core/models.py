"""Shared model base classes and the working-day calendar's data."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID identity plus creation and update times; every domain model inherits it (DESIGN §5.7)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
