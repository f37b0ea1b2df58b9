"""Settings of the certificate and training rules, each a Django setting read from the environment variable of the
same name in ``yuezhifa/settings.py``.

``YZF_CERTIFICATE_WARNING_DAYS``        days ahead the expiry lists look (default 90)
``YZF_CERTIFICATE_WARNING_THRESHOLDS``  days before expiry at which the daily task records a warning (default
                                        ``90,30,7``; the day after expiry is always a threshold too, recorded as 0)
``YZF_TRAINING_ANNUAL_MIN_HOURS``       training hours each officer should reach per calendar year (default 60; the
                                        seed's 第三十九条 names no figure, see docs/decisions/0016)
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_WARNING_DAYS = 90
DEFAULT_WARNING_THRESHOLDS = (90, 30, 7)
DEFAULT_ANNUAL_MIN_HOURS = Decimal("60")


def _raw(name: str):
    return getattr(settings, name, None)


def warning_days() -> int:
    value = _raw("YZF_CERTIFICATE_WARNING_DAYS")
    try:
        days = DEFAULT_WARNING_DAYS if value in (None, "") else int(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured("YZF_CERTIFICATE_WARNING_DAYS 须为正整数。") from None
    if days <= 0:
        raise ImproperlyConfigured("YZF_CERTIFICATE_WARNING_DAYS 须为正整数。")
    return days


def warning_thresholds() -> tuple[int, ...]:
    """The thresholds, largest first, always ending with 0 (expired)."""
    value = _raw("YZF_CERTIFICATE_WARNING_THRESHOLDS")
    if value in (None, ""):
        days = set(DEFAULT_WARNING_THRESHOLDS)
    else:
        items = value.split(",") if isinstance(value, str) else value
        try:
            days = {int(str(v).strip()) for v in items if str(v).strip()}
        except ValueError:
            raise ImproperlyConfigured("YZF_CERTIFICATE_WARNING_THRESHOLDS 须为逗号分隔的天数，如 90,30,7。") from None
        if any(d < 0 for d in days):
            raise ImproperlyConfigured("YZF_CERTIFICATE_WARNING_THRESHOLDS 的天数不能为负。")
    return tuple(sorted(days | {0}, reverse=True))


def annual_min_hours() -> Decimal:
    value = _raw("YZF_TRAINING_ANNUAL_MIN_HOURS")
    try:
        hours = DEFAULT_ANNUAL_MIN_HOURS if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        raise ImproperlyConfigured("YZF_TRAINING_ANNUAL_MIN_HOURS 须为数字。") from None
    if hours < 0:
        raise ImproperlyConfigured("YZF_TRAINING_ANNUAL_MIN_HOURS 不能为负。")
    return hours
