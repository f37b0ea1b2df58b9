"""Amounts on the platform's pages, one way everywhere: ``{{ amount|money }}`` → ``60,000.00 元`` (two decimals,
thousands separated, a space before 元). ``{{ amount|money_upper }}`` gives the capitals documents print beside the
figure (人民币大写, e.g. 陆万元整), from the documents library's converter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


@register.filter
def money(value) -> str:
    """60000 → "60,000.00 元"; a value that is not an amount is shown as it is."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return f"{amount.quantize(Decimal('0.01')):,} 元"


@register.filter
def money_upper(value) -> str:
    """60000 → 陆万元整 (中国人民银行《正确填写票据和结算凭证的基本规定》)."""
    from yuezhifa.documents.sandbox import rmb_upper

    return rmb_upper(value)
