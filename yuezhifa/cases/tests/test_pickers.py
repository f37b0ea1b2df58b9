"""The pickers of the act forms (issue 15 §1, docs/decisions/0048): 执法事项 by code, name or pinyin initials, the
legal basis from the laws library, the party from earlier cases and the subject register, the officers certified for
the case's domain (处罚法 第四十二条); and phone numbers validated in the forms."""

import datetime

import pytest
from django.test import Client

from yuezhifa.core.masking import mask_id_number
from yuezhifa.core.pinyin import initials
from yuezhifa.discretion.tests import factories as f
from yuezhifa.inspection.models import Subject, SubjectKind
from yuezhifa.items.models import Item, ItemStatus
from yuezhifa.org.models import Division
from yuezhifa.org.tests.factories import CertificateFactory, DomainFactory, OfficerFactory, make_id_number

from .. import pickers
from .conftest import at

pytestmark = pytest.mark.django_db

PERSON_ID = make_id_number(7, "440106", "19880512")
PERSON = {"kind": "person", "name": "李小梅", "id_number": PERSON_ID, "address": "广州市天河区龙口西路5号",
          "phone": "13800138000"}


@pytest.fixture
def as_user(world):
    def login(name):
        client = Client()
        client.force_login(world["users"][name])
        return client
    return login


def pick(client, kind, q, **params):
    response = client.get(f"/cases/pick/{kind}/", {"q": q, "format": "json", **params})
    assert response.status_code == 200, response.content.decode()
    return response.json()["options"]


# --- 执法事项 ---------------------------------------------------------------------------------------------------------


def test_pinyin_initials_of_item_names_are_kept_on_every_save():
    assert initials("经营超过保质期食品") == "jycgbzqsp"
    assert initials("对经营超过保质期的食品的行政处罚") == "djycgbzqdspdxzcf"


def test_item_picker_finds_by_code_name_and_pinyin_initials(world, as_user):
    item = world["item"]
    assert Item.objects.get(pk=item.pk).name_initials == "djycgbzqdspdxzcf"
    f.item(name="对经营超过保质期的婴幼儿食品的行政处罚（已废止）", status=ItemStatus.REPEALED)
    chen = as_user("chen")
    for query in ("jycgbzq", "JYCGBZQ", "超过保质期", item.code, item.code[-5:]):
        found = [o["fill"][""] for o in pick(chen, "item", query)]
        assert found == [item.code], query  # the repealed item is never offered (办法 第十三条第（二）项)
    item.name = "对销售超过保质期食品的行政处罚"
    item.save(update_fields=["name", "updated_at"])
    assert Item.objects.get(pk=item.pk).name_initials == "dxscgbzqspdxzcf"
    assert [o["fill"][""] for o in pick(chen, "item", "xscgbzq")] == [item.code]
    html = chen.get("/cases/pick/item/", {"q": "xscgbzq", "for": "item"}).content.decode()
    assert f'data-fill="{{&quot;&quot;: &quot;{item.code}&quot;}}"' in html and 'data-target="item"' in html


def test_case_source_form_offers_the_item_and_party_pickers_and_still_takes_a_typed_code(world, as_user):
    chen = as_user("chen")
    page = chen.get("/cases/new/").content.decode()
    assert 'hx-get="/cases/pick/item/?for=item"' in page
    assert 'hx-get="/cases/pick/party/?for=party"' in page
    assert 'data-picker="item"' in page and " hidden>" in page  # shown by pickers.js only: without script, typed
    response = chen.post("/cases/new/", {"procedure": "penalty.general", "source_kind": "inspection",
                                         "cause": "经营超过保质期的食品", "summary": "检查发现。",
                                         "item": "440000-XZCF-99999", "performed_at": "2026-11-30T09:00"})
    assert response.status_code == 422 and "执法事项“440000-XZCF-99999”不存在" in response.content.decode()


# --- 依据 -----------------------------------------------------------------------------------------------------------


def test_law_picker_finds_an_article_by_law_name_and_number(world, as_user):
    chen = as_user("chen")
    wanted = "《中华人民共和国食品安全法》第一百二十四条"
    for query in ("食品安全法 124", "食品安全法第一百二十四条", "《中华人民共和国食品安全法》第124条"):
        assert [o["fill"][""] for o in pick(chen, "law", query)] == [wanted], query
    assert wanted in [o["label"] for o in pick(chen, "law", "食品安全法")]
    assert pick(chen, "law", "食品安全法 999") == []


def test_the_legal_basis_inputs_of_an_act_form_get_the_law_picker(world, run, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    form = as_user("chen").get(f"/cases/{run.case.pk}/acts/finish_investigation/").content.decode()
    assert 'hx-get="/cases/pick/law/?for=violated&amp;case=' in form
    assert 'hx-get="/cases/pick/law/?for=basis&amp;case=' in form


# --- 当事人 ---------------------------------------------------------------------------------------------------------


def test_party_picker_offers_parties_of_visible_cases_and_the_register_masked(world, run, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")  # the party 广州禾盛商贸有限公司 (an organisation)
    run.open("2026-10-12 09:00", party=PERSON)
    Subject.objects.create(credit_code="91440106MA59XR4T8K", name="广州禾丰餐饮管理有限公司",
                           kind=SubjectKind.ENTERPRISE, division=Division.objects.get(code="440106"),
                           address="广州市天河区体育西路1号", legal_representative="何志明", phone="020-38001234")
    chen = as_user("chen")
    options = pick(chen, "party", "禾")
    by_name = {o["label"]: o for o in options}
    assert [o["source"] for o in options] == ["历史案件", "检查对象名录"]
    store = by_name["广州禾盛商贸有限公司"]
    assert store["fill"]["legal_representative"] == "梁文斌" and store["fill"]["phone"] == "13926470318"
    register = by_name["广州禾丰餐饮管理有限公司"]
    assert register["fill"] == {"kind": "organisation", "name": "广州禾丰餐饮管理有限公司",
                                "credit_code": "91440106MA59XR4T8K", "legal_representative": "何志明",
                                "address": "广州市天河区体育西路1号", "phone": "020-38001234"}
    person = pick(chen, "party", "李小梅")[0]
    assert "id_number" not in person["fill"] and "phone" not in person["fill"]  # a person's number is not filled
    html = chen.get("/cases/pick/party/", {"q": "李小梅", "for": "party"}).content.decode()
    assert PERSON_ID not in html and mask_id_number(PERSON_ID) in html
    assert "13800138000" not in html and "138****8000" in html
    # another body's officer sees neither party of these cases, only the register
    assert [o["label"] for o in pick(as_user("other"), "party", "禾")] == ["广州禾丰餐饮管理有限公司"]
    assert pick(as_user("other"), "party", "李小梅") == []


# --- 执法人员 --------------------------------------------------------------------------------------------------------


def test_officer_picker_offers_only_officers_certified_for_the_cases_domain(world, run, as_user):
    """处罚法 第四十二条: only officers holding a valid certificate for the case's domain are offered."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    ecology = DomainFactory(code="ecology", name="生态环境")
    stranger = OfficerFactory(name="吴环保", body=world["body"])
    CertificateFactory(officer=stranger, issued_by=world["other"], domains=[ecology],
                       valid_until=datetime.date(2029, 12, 31))
    chen = as_user("chen")
    choices = dict(pickers.officer_choices(user=world["users"]["chen"], case=run.case))
    names = {label.split("（")[0] for label in choices.values()}
    assert names == {"陈志强", "林晓燕", "周建国"}  # not 黄过期 (expired), not 吴环保 (another domain)
    cert = world["officers"]["lin"].certificates.get().number
    assert [o["label"] for o in pick(chen, "officers", cert, case=run.case.pk)] == ["林晓燕"]
    assert [o["label"] for o in pick(chen, "officers", "黄过期", case=run.case.pk)] == []
    form = chen.get(f"/cases/{run.case.pk}/acts/investigate/").content.decode()
    assert "黄过期" not in form and "吴环保" not in form
    assert f'hx-get="/cases/pick/officers/?for=officers&amp;case={run.case.pk}"' in form
    assert "data-picker-long" not in form  # three officers: a short list of checkboxes
    for n in range(6):
        person = OfficerFactory(name=f"新警{n}", body=world["body"])
        CertificateFactory(officer=person, issued_by=world["other"], domains=[world["domain"]],
                           valid_until=datetime.date(2029, 12, 31))
    form = chen.get(f"/cases/{run.case.pk}/acts/investigate/").content.decode()
    assert "data-picker-long" in form and "新警5" in form  # nine: searched, the list kept for use without script
    other = as_user("other").get("/cases/pick/officers/", {"q": "林", "case": run.case.pk})
    assert other.status_code == 404  # a case the user may not see


def test_pickers_need_a_signed_in_case_user(world):
    assert Client().get("/cases/pick/item/", {"q": "jy"}).status_code == 302
    assert Client().get("/cases/pick/party/", {"q": "禾"}).status_code == 302


# --- phone numbers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,stored", [("13926470318", "13926470318"), ("+86 139 2647 0318", "13926470318"),
                                          ("020-38622315", "020-38622315"), ("0755-83001234-806", "0755-83001234-806"),
                                          ("076012345678", "076012345678"), ("", "")])
def test_phone_validator_takes_mobile_and_landline_numbers(value, stored):
    from yuezhifa.core.validation import validate_phone

    assert validate_phone(value) == stored


@pytest.mark.parametrize("value", ["12926470318", "1392647031", "139264703189", "38622315", "020-123", "电话",
                                   "020-3862231a"])
def test_phone_validator_refuses_other_numbers_naming_the_field(value):
    from django.core.exceptions import ValidationError

    from yuezhifa.core.validation import validate_phone

    with pytest.raises(ValidationError, match=r"联系电话.*格式不正确"):
        validate_phone(value)


def test_a_party_phone_in_a_form_is_validated(world, as_user):
    chen = as_user("chen")
    response = chen.post("/cases/new/", {"procedure": "penalty.general", "source_kind": "inspection",
                                         "cause": "经营超过保质期的食品", "summary": "检查发现。",
                                         "party__kind": "organisation", "party__name": "广州禾盛商贸有限公司",
                                         "party__phone": "12345", "performed_at": at("2026-11-30 09:00")
                                         .strftime("%Y-%m-%dT%H:%M")})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="f-party__phone-error"' in page and "联系电话“12345”格式不正确" in page


def test_the_item_library_search_also_takes_pinyin_initials(world):
    from yuezhifa.items.selectors import item_list

    found = item_list(user=world["users"]["chen"], search="jycgbzq")
    assert list(found.values_list("code", flat=True)) == [world["item"].code]
