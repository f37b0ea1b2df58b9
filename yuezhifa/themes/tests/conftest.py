"""The theme library's tests reuse the case tests' world (the 天河区 market regulator under the province's market
regulator, and 深圳市市场监督管理局) and add an external source delivering for the province's market regulator."""

import pytest

from yuezhifa.cases.tests.conftest import Runner, world  # noqa: F401  (fixtures)
from yuezhifa.documents.samples import credit_code, resident_id
from yuezhifa.org.tests.factories import UserFactory
from yuezhifa.themes.models import Source, SourceKind

PARTY_CODE = credit_code("91440106MA5CXXXX0")
PERSON_ID = resident_id("44010619850312351")


@pytest.fixture
def source(world):  # noqa: F811
    unit = world["body"].parent
    src = Source.objects.create(code="scjg-zhifa", name="市场监管执法办案系统", kind=SourceKind.EXTERNAL, unit=unit)
    src.deliverers.add(UserFactory(username="deliverer", real_name="报送账号", body=unit, roles=[]))
    return src


@pytest.fixture
def deliverer(source):
    return source.deliverers.get()


def penalty_row(body, **over) -> dict:
    """One penalty record in the standard, by element code (amounts in 万元)."""
    row = {"CF_WSH": "穗天市监罚〔2026〕88号", "CF_CFJG": body.name, "CF_CFJGDM": body.credit_code,
           "CF_XDR_LB": "法人及非法人组织", "CF_XDR_MC": "广州市某某食品有限公司", "CF_XDR_SHXYM": PARTY_CODE,
           "CF_FRDB": "王建华", "CF_WFXW": "经营超过保质期的食品",
           "CF_SY": "当事人经营超过保质期的食品，联系电话13926470318。", "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
           "CF_CFLB": "警告、罚款", "CF_NR": "警告；罚款人民币12,345.67元", "CF_NR_FK": "1.234567",
           "CF_JDRQ": "2026-11-16"}
    row.update(over)
    return row


def person_row(body, **over) -> dict:
    values = {"CF_WSH": "穗天市监罚〔2026〕89号", "CF_XDR_LB": "自然人", "CF_XDR_MC": "何俊峰", "CF_XDR_SHXYM": "",
              "CF_FRDB": "", "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": PERSON_ID}
    return penalty_row(body, **{**values, **over})
