"""Turning validation failures into errors that name the field."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError

from .errors import DomainError, _join


@contextmanager
def field_error(field: str):
    """Re-raise a ``ValidationError`` from the block as a ``DomainError`` naming ``field``."""
    try:
        yield
    except ValidationError as exc:
        raise DomainError(_join(exc.messages), field=field) from None
