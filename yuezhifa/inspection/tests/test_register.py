"""The inspection register (LEGAL.md §4; 国办发〔2024〕54号: 主体资格、检查事项、频次上限、检查标准 published before any
inspection, 清单之外无检查): who may confirm and publish, what an item needs before it is published, who keeps the
subject register, and that a natural person's identity number stays masked."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.excel import XLSX_CONTENT_TYPE
from yuezhifa.inspection.models import ItemProfile, Plan, PlanKind, PlanStatus, Qualification, Subject, SubjectKind
from yuezhifa.inspection.selectors.register import profile_usable, qualification_in_force
from yuezhifa.inspection.services import register as services
from yuezhifa.items.models import Item, ItemStatus, ItemType
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import (
    BodyFactory,
    DomainFactory,
    UserFactory,
    division,
    make_credit_code,
    make_id_number,
)

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    th = division("440106", "天河区", gz)
    sz = division("4403", "深圳市", gd)
    ft = division("440304", "福田区", sz)
    bodies = {
        "gd_justice": BodyFactory(name="广东省司法厅", is_justice_department=True, division=gd),
        "gz_justice": BodyFactory(name="广州市司法局", is_justice_department=True, division=gz),
        "th_market": BodyFactory(name="广州市天河区市场监督管理局", division=th),
        "ft_market": BodyFactory(name="深圳市福田区市场监督管理局", division=ft),
    }
    users = {
        "gd_admin": UserFactory(username="gd_admin", body=bodies["gd_justice"], roles=[(Role.ADMIN, Scope.PROVINCE)]),
        "gz_admin": UserFactory(username="gz_admin", body=bodies["gz_justice"],
                                roles=[(Role.ADMIN, Scope.JURISDICTION)]),
        "officer": UserFactory(username="th_officer", body=bodies["th_market"], roles=[(Role.OFFICER, Scope.OWN)]),
    }
    item = Item.objects.create(code="440000-XZJC-00001", name="对食品经营者的监督检查", type=ItemType.INSPECTION,
                               domain=DomainFactory(), levels=["county"], status=ItemStatus.ACTIVE, registered=True,
                               registered_code="XZJC-00001")
    return {"divisions": {"th": th, "ft": ft}, "bodies": bodies, "users": users, "item": item}


def test_a_city_admin_confirms_the_qualification_of_a_body_in_their_city_only(world):
    """国办发〔2024〕54号: 主体资格 confirmed by the justice department covering the body; 广州 cannot confirm 深圳."""
    admin = world["users"]["gz_admin"]
    with pytest.raises(NotAllowed) as exc:
        services.qualification_confirm(actor=admin, body=world["bodies"]["ft_market"], basis="《广东省行政检查办法》")
    assert exc.value.field == "body"
    assert not Qualification.objects.exists()  # the refused confirmation left nothing behind
    q = services.qualification_confirm(actor=admin, body=world["bodies"]["th_market"],
                                       basis="《中华人民共和国食品安全法》第一百零九条")
    assert qualification_in_force(world["bodies"]["th_market"]) is None  # confirmed, not yet published
    services.qualification_publish(actor=admin, qualification=q)
    assert qualification_in_force(world["bodies"]["th_market"]) == q
    with pytest.raises(NotAllowed):
        services.qualification_publish(actor=world["users"]["officer"], qualification=q)
    with pytest.raises(DomainError) as exc:
        services.qualification_revoke(actor=admin, qualification=q, reason="")
    assert exc.value.field == "reason"
    services.qualification_revoke(actor=admin, qualification=q, reason="职能划转")
    assert qualification_in_force(world["bodies"]["th_market"]) is None


def test_an_item_is_published_only_with_checklist_points_and_an_active_item(world):
    """清单之外无检查 (国办发〔2024〕54号): an inspection item is published with its checklist, and only a published item
    of an active provincial item (办法 第13条(二)) can be used."""
    editor = world["users"]["gd_admin"]
    with pytest.raises(NotAllowed):
        services.profile_save(actor=world["users"]["gz_admin"], item=world["item"], subject_object="食品经营者",
                              standard="逐项检查", annual_cap=2)
    with pytest.raises(DomainError) as exc:
        services.profile_save(actor=editor, item=world["item"], subject_object="食品经营者", standard="逐项检查",
                              annual_cap=0)
    assert exc.value.field == "annual_cap"
    profile = services.profile_save(actor=editor, item=world["item"], subject_object="食品经营者",
                                    standard="按检查要点逐项检查", annual_cap=2)
    with pytest.raises(DomainError) as exc:
        services.profile_publish(actor=editor, profile=profile)
    assert exc.value.field == "points" and "检查要点" in exc.value.message
    services.profile_set_points(actor=editor, profile=profile, points=[
        {"seq": 1, "text": "是否取得食品经营许可", "provision": "《中华人民共和国食品安全法》第三十五条"}])
    Item.objects.filter(pk=world["item"].pk).update(status=ItemStatus.SUSPENDED)
    profile.item.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.profile_publish(actor=editor, profile=profile)
    assert exc.value.field == "item" and "第13条(二)" in exc.value.message
    Item.objects.filter(pk=world["item"].pk).update(status=ItemStatus.ACTIVE)
    profile.item.refresh_from_db()
    today = datetime.date(2026, 12, 1)
    assert not profile_usable(profile, today)  # not yet published
    services.profile_publish(actor=editor, profile=profile)
    profile.refresh_from_db()
    assert profile_usable(profile, today)
    with pytest.raises(DomainError) as exc:  # a published item keeps its checklist
        services.profile_set_points(actor=editor, profile=profile, points=[])
    assert exc.value.field == "points"


def test_an_officer_cannot_change_a_subject_nor_an_admin_outside_their_division(world):
    """The register is kept by the administrators of the subject's division (docs/decisions/0037)."""
    admin, th = world["users"]["gz_admin"], world["divisions"]["th"]
    with pytest.raises(DomainError) as exc:
        services.subject_create(actor=admin, division=th, name="广州禾盛商贸有限公司", credit_code="91440101ABC")
    assert exc.value.field == "credit_code"
    subject = services.subject_create(actor=admin, division=th, name="广州禾盛商贸有限公司",
                                      credit_code=make_credit_code(11, "440106"), risk_grade="C",
                                      graded_by=world["bodies"]["th_market"], graded_on=datetime.date(2026, 3, 31))
    with pytest.raises(NotAllowed):
        services.subject_update(actor=world["users"]["officer"], subject=subject, risk_grade="A")
    with pytest.raises(NotAllowed) as exc:
        services.subject_create(actor=admin, division=world["divisions"]["ft"], name="深圳某公司",
                                credit_code=make_credit_code(12, "440304"))
    assert exc.value.field == "division"
    services.subject_update(actor=admin, subject=subject, risk_grade="A")
    subject.refresh_from_db()
    assert subject.risk_grade == "A" and subject.graded_on == datetime.date(2026, 12, 1)  # regraded today


def test_a_natural_persons_id_number_is_masked_in_the_api_and_the_page(client, world):
    """DESIGN §5.5 (个人信息保护法 第28条): lists, pages and API answers show the number masked; the full number only
    through the audited reveal, to the administrators who keep the subject."""
    number = make_id_number(7, "440106", "19800101")
    person = services.subject_create(actor=world["users"]["gz_admin"], division=world["divisions"]["th"],
                                     name="李某某", kind=SubjectKind.PERSON, id_number=number)
    masked = number[:6] + "*" * 8 + number[-4:]
    api = APIClient()
    api.force_authenticate(world["users"]["officer"])
    listed = api.get("/api/v1/inspection/subjects/", {"kind": "person"}).json()["results"]
    assert [r["id_number"] for r in listed] == [masked]
    detail = api.get(f"/api/v1/inspection/subjects/{person.pk}/")
    assert number not in detail.content.decode()
    assert api.post(f"/api/v1/inspection/subjects/{person.pk}/reveal-id-number/").status_code == 403
    api.force_authenticate(world["users"]["gz_admin"])
    assert api.post(f"/api/v1/inspection/subjects/{person.pk}/reveal-id-number/").json() == {"id_number": number}
    assert AuditEntry.objects.filter(action="inspection.subject.view_id_number").count() == 1
    client.force_login(world["users"]["officer"])
    page = client.get(f"/inspection/subjects/{person.pk}/").content.decode()
    assert masked in page and number not in page
    listing = client.get("/inspection/", {"q": "李某某"}).content.decode()
    assert masked in listing and number not in listing


def test_the_public_inspection_page_shows_only_published_things(client, world):
    """事前公示 on /gongshi/ (国办发〔2024〕54号; 粤府办〔2025〕15号): bodies with a published 主体资格, published items with
    their cap and checklist, published special plans; nothing unpublished and no personal data. No login."""
    admin, editor = world["users"]["gz_admin"], world["users"]["gd_admin"]
    published = services.qualification_confirm(actor=admin, body=world["bodies"]["th_market"],
                                               basis="《中华人民共和国食品安全法》第一百零九条")
    services.qualification_publish(actor=admin, qualification=published)
    other = BodyFactory(name="广州市天河区应急管理局", division=world["divisions"]["th"])
    services.qualification_confirm(actor=admin, body=other, basis="《中华人民共和国安全生产法》第十条")  # unpublished
    profile = services.profile_save(actor=editor, item=world["item"], subject_object="食品经营者",
                                    standard="按检查要点逐项检查", annual_cap=2)
    services.profile_set_points(actor=editor, profile=profile, points=[
        {"seq": 1, "text": "从业人员健康管理", "provision": "《中华人民共和国食品安全法》第四十五条"}])
    services.profile_publish(actor=editor, profile=profile)
    hidden_item = Item.objects.create(code="440000-XZJC-00002", name="对特种设备使用单位的监督检查",
                                      type=ItemType.INSPECTION, domain=world["item"].domain, levels=["county"],
                                      status=ItemStatus.ACTIVE, registered=True, registered_code="XZJC-00002")
    ItemProfile.objects.create(item=hidden_item, subject_object="特种设备使用单位", standard="—", annual_cap=1)
    body = world["bodies"]["th_market"]
    for title, status in (("2026年校园食品安全专项检查", PlanStatus.PUBLISHED), ("未公示的专项", PlanStatus.APPROVED)):
        Plan.objects.create(body=body, year=2026, kind=PlanKind.SPECIAL, title=title, status=status,
                            period_start=datetime.date(2026, 9, 1), period_end=datetime.date(2026, 9, 30),
                            basis_document="穗市监〔2026〕12号")
    Subject.objects.create(credit_code=make_credit_code(21, "440106"), name="广州禾盛商贸有限公司",
                           division=world["divisions"]["th"])
    page = client.get("/gongshi/inspection/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "广州市天河区市场监督管理局" in html and "广州市天河区应急管理局" not in html
    assert "对食品经营者的监督检查" in html and "每家每年不超过 2 次" in html and "从业人员健康管理" in html
    assert "对特种设备使用单位的监督检查" not in html
    assert "2026年校园食品安全专项检查" in html and "穗市监〔2026〕12号" in html and "未公示的专项" not in html
    assert "广州禾盛商贸有限公司" not in html  # the subject register is not published
    assert "行政检查事前公示" in client.get("/gongshi/").content.decode()


def test_the_register_pages_and_the_import_page(client, world):
    """The pages under /inspection/: the register with its grade filter, the import page naming each bad row and
    column (DESIGN §5.6), the items with their checklist and the qualifications an administrator publishes."""
    from yuezhifa.inspection.tests.test_subject_import import row, xlsx

    admin = world["users"]["gz_admin"]
    services.subject_create(actor=admin, division=world["divisions"]["th"], name="广州禾盛商贸有限公司",
                            credit_code=make_credit_code(31, "440106"), risk_grade="D")
    profile = services.profile_save(actor=world["users"]["gd_admin"], item=world["item"], subject_object="食品经营者",
                                    standard="按检查要点逐项检查", annual_cap=2)
    client.force_login(admin)
    form = client.get("/inspection/qualifications/").content.decode()
    assert "广州市天河区市场监督管理局" in form and "深圳市福田区市场监督管理局" not in form  # outside 广州
    client.post("/inspection/qualifications/", {"body": world["bodies"]["th_market"].pk, "basis": "《广东省行政检查办法》"})
    q = Qualification.objects.get(body=world["bodies"]["th_market"])
    client.force_login(world["users"]["officer"])
    assert "广州禾盛商贸有限公司" in client.get("/inspection/", {"grade": "D"}).content.decode()
    assert "广州禾盛商贸有限公司" not in client.get("/inspection/", {"grade": "A"}).content.decode()
    assert "广州禾盛商贸有限公司" in client.get("/inspection/", {"division": "4401"}).content.decode()
    assert "广州禾盛商贸有限公司" not in client.get("/inspection/", {"division": "4403"}).content.decode()
    assert client.get("/inspection/subjects/import/").status_code == 403  # an officer does not import
    detail = client.get(f"/inspection/items/{profile.pk}/").content.decode()
    assert "未公示" in detail and "没有检查要点的事项不能公示" in detail
    client.force_login(admin)
    page = client.post("/inspection/subjects/import/",
                       {"file": _upload(xlsx(row("91440101ABC", "坏代码")))}).content.decode()
    assert "第 2 行" in page and "统一社会信用代码" in page
    assert client.post(f"/inspection/qualifications/{q.pk}/publish/").status_code == 302
    assert qualification_in_force(world["bodies"]["th_market"]) is not None
    assert "已公示" in client.get("/inspection/qualifications/").content.decode()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("名录.xlsx", data, content_type=XLSX_CONTENT_TYPE)
