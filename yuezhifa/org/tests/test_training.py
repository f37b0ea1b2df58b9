"""Training of enforcement officers (办法 第39条): courses, attendance with the hours credited, exam results, each
officer's yearly hours against the annual minimum, Excel import (all or nothing) and export, pages and API.

第三十九条 names no number of hours; the minimum is a setting (default 60, docs/decisions/0016).
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.org import conf, selectors, services
from yuezhifa.org.models import TrainingCategory, TrainingCourse, TrainingRecord
from yuezhifa.org.services import training_excel

from .factories import OfficerFactory

D = datetime.date
HEADERS = [c.header for c in training_excel.TRAINING_COLUMNS]


def _course(world, actor=None, **kwargs):
    data = {"title": "新修订《行政处罚法》专题培训", "organiser": "广州市司法局", "category": TrainingCategory.NEW_LAW,
            "hours": "16", "start_date": D(2026, 3, 2), "end_date": D(2026, 3, 3), **kwargs}
    return services.training_course_create(actor=actor or world["users"]["admin_a"], **data)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(*rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- records, exams, totals ---------------------------------------------------------------------------------------


def test_records_and_yearly_total_against_the_minimum(world, settings):
    admin = world["users"]["admin_a"]
    me = world["officers"]["a_market"]
    new_law = _course(world)
    general = _course(world, title="公共法律知识培训", category=TrainingCategory.GENERAL_LAW, hours="30",
                      start_date=D(2026, 5, 6), end_date=D(2026, 5, 10))
    last_year = _course(world, title="上年度培训", hours="40", start_date=D(2025, 12, 29), end_date=D(2025, 12, 31))
    # Ends in January: counted in the year it ends.
    straddling = _course(world, title="跨年度培训", category=TrainingCategory.DIGITAL, hours="8",
                         start_date=D(2026, 12, 30), end_date=D(2027, 1, 2))
    services.training_record_add(actor=admin, officer=me, course=new_law)
    services.training_record_add(actor=admin, officer=me, course=general, hours="24.5", note="缺课一天")
    services.training_record_add(actor=admin, officer=me, course=last_year)
    services.training_record_add(actor=admin, officer=me, course=straddling)

    year = selectors.training_year(user=admin, officer=me, year=2026)
    assert year.hours == Decimal("40.5") and year.minimum == Decimal("60") and conf.annual_min_hours() == 60
    assert not year.met and year.shortfall == Decimal("19.5") and year.courses == 2
    assert year.by_category == {"general_law": Decimal("24.5"), "new_law": Decimal("16.0")}
    assert selectors.training_year(user=admin, officer=me, year=2025).met is False
    assert selectors.training_year(user=admin, officer=me, year=2027).hours == Decimal("8")

    settings.YZF_TRAINING_ANNUAL_MIN_HOURS = "40"
    assert selectors.training_year(user=admin, officer=me, year=2026).met

    totals = {o.name: o.training_hours for o in selectors.officer_training_totals(user=admin, year=2026)}
    assert totals == {me.name: Decimal("40.5"), world["officers"]["a_county"].name: Decimal("0")}
    short = selectors.officer_training_totals(user=admin, year=2026, below_minimum=True)
    assert [o.name for o in short] == [world["officers"]["a_county"].name]

    assert AuditEntry.objects.filter(action="org.training.course_create").count() == 4
    assert AuditEntry.objects.filter(action="org.training.record_add").count() == 4


def test_record_rules(world):
    admin = world["users"]["admin_a"]
    me = world["officers"]["a_market"]
    course = _course(world, has_exam=True, pass_score="60")
    with pytest.raises(DomainError) as err:
        services.training_record_add(actor=admin, officer=me, course=course, hours="17")
    assert err.value.field == "hours"
    with pytest.raises(DomainError) as err:
        services.training_record_add(actor=admin, officer=me, course=course, exam_score="58", exam_passed=True)
    assert err.value.field == "exam_passed" and "合格分数线" in err.value.message
    with pytest.raises(DomainError) as err:
        services.training_record_add(actor=admin, officer=me, course=course, exam_score="101")
    assert err.value.field == "exam_score"
    record = services.training_record_add(actor=admin, officer=me, course=course, exam_score="58")
    assert record.exam_passed is False and record.exam_date == course.end_date and record.hours == 16
    assert record.exam_display == "58 分，不合格"
    with pytest.raises(DomainError, match="已有"):
        services.training_record_add(actor=admin, officer=me, course=course)

    with pytest.raises(DomainError) as err:
        services.training_record_update(actor=admin, record=record, reason="", exam_score="75")
    assert err.value.field == "reason"
    services.training_record_update(actor=admin, record=record, reason="补考成绩", exam_score="75",
                                    exam_date=D(2026, 3, 20))
    record.refresh_from_db()
    assert (record.exam_score, record.exam_passed, record.exam_date) == (Decimal("75.0"), True, D(2026, 3, 20))
    entry = AuditEntry.objects.get(action="org.training.record_update")
    assert entry.before["exam_score"] == "58.0" and entry.after["reason"] == "补考成绩"

    no_mark = _course(world, title="无分数线考试", has_exam=True)
    with pytest.raises(DomainError) as err:
        services.training_record_add(actor=admin, officer=me, course=no_mark, exam_score="80")
    assert err.value.field == "exam_passed"
    assert services.training_record_add(actor=admin, officer=me, course=no_mark, exam_passed=True).exam_passed

    with pytest.raises(DomainError) as err:
        _course(world)  # the same course again
    assert err.value.field == "title"
    with pytest.raises(DomainError) as err:
        _course(world, title="日期倒置", start_date=D(2026, 3, 5), end_date=D(2026, 3, 1))
    assert err.value.field == "end_date"
    with pytest.raises(DomainError) as err:
        _course(world, title="零学时", hours="0")
    assert err.value.field == "hours"
    with pytest.raises(DomainError) as err:
        services.training_course_update(actor=admin, course=course, hours="8")  # a record credits 16
    assert err.value.field == "hours"


def test_who_sees_and_who_writes_training_records(world):
    """Records hold exam results: an officer with the 本人 scope sees only their own; wider roles see their scope;
    only administrators in scope write."""
    admin = world["users"]["admin_a"]
    course = _course(world)
    mine = services.training_record_add(actor=admin, officer=world["officers"]["a_market"], course=course)
    colleague = OfficerFactory(body=world["bodies"]["a_market"], name="同事")
    theirs = services.training_record_add(actor=admin, officer=colleague, course=course)
    county = services.training_record_add(actor=admin, officer=world["officers"]["a_county"], course=course)

    def visible(key):
        return set(selectors.training_record_list(user=world["users"][key]).values_list("pk", flat=True))

    assert visible("officer_a") == {mine.pk}
    assert visible("reviewer_a") == {mine.pk, theirs.pk}
    assert visible("head_a") == visible("supervisor_a") == {mine.pk, theirs.pk, county.pk}
    assert visible("officer_b") == visible("no_role") == set()
    assert selectors.training_course_list(user=world["users"]["officer_b"]).count() == 1
    assert not selectors.training_course_list(user=world["users"]["no_role"]).exists()

    for key in ("head_a", "officer_a", "supervisor_p"):
        with pytest.raises(NotAllowed):
            services.training_record_add(actor=world["users"][key], officer=colleague,
                                         course=_course(world, title=f"课程{key}", actor=admin))
    with pytest.raises(NotAllowed):
        services.training_course_create(actor=world["users"]["head_a"], title="x", organiser="y",
                                        category=TrainingCategory.OTHER, hours="1", start_date=D(2026, 1, 1),
                                        end_date=D(2026, 1, 1))
    shenzhen = world["officers"]["b_market"]
    with pytest.raises(NotAllowed):
        services.training_record_add(actor=admin, officer=shenzhen, course=course)


# --- Excel --------------------------------------------------------------------------------------------------------


def _row(officer, title="执法技能培训班", *, organiser="广州市市场监督管理局", category="执法技能与实务",
         start="2026-04-01", end="2026-04-03", course_hours=24, hours=None, exam_date=None, score=None, result=None,
         note=None):
    return [officer.id_number, title, organiser, category, start, end, course_hours, hours, exam_date, score, result,
            note]


def test_excel_import_creates_courses_and_records(world):
    admin = world["users"]["admin_a"]
    existing = _course(world)
    a, b = world["officers"]["a_market"], world["officers"]["a_county"]
    data = xlsx(_row(a, score=88, result="合格"), _row(b, hours=16, note="请假一天"),
                _row(a, "新修订《行政处罚法》专题培训", organiser="广州市司法局", category="新法规",
                     start=datetime.datetime(2026, 3, 2), end="2026年3月3日", course_hours=16))
    result = training_excel.training_records_import(actor=admin, data=data, filename="培训.xlsx")
    assert result.count == 3
    course = TrainingCourse.objects.get(title="执法技能培训班")
    assert course.category == TrainingCategory.SKILLS and course.hours == 24 and course.has_exam
    assert course.body == admin.body
    assert TrainingRecord.objects.get(officer=b, course=course).hours == 16
    assert TrainingRecord.objects.get(officer=a, course=course).exam_passed is True
    assert TrainingRecord.objects.get(officer=a, course=existing).hours == 16  # the registered course reused
    assert TrainingCourse.objects.count() == 2
    assert AuditEntry.objects.filter(action="org.training.import").count() == 1


def test_excel_import_with_a_bad_row_imports_nothing_and_names_every_bad_cell(world):
    admin = world["users"]["admin_a"]
    _course(world)
    a, b = world["officers"]["a_market"], world["officers"]["a_county"]
    c = OfficerFactory(body=world["bodies"]["a_market"])
    before = (TrainingCourse.objects.count(), TrainingRecord.objects.count(), AuditEntry.objects.count())
    data = xlsx(_row(a),                                                              # 2 good
                _row(b, category="瑜伽"),                                             # 3 unknown category
                _row(b, "另一培训", hours=30),                                        # 4 more than the course
                _row(a),                                                              # 5 same person, same course
                _row(world["officers"]["b_market"], "深圳培训"),                      # 6 out of scope
                _row(c, "执法技能培训班", course_hours=20),                            # 7 disagrees with row 2
                _row(b, "新修订《行政处罚法》专题培训", organiser="广州市司法局", category="新法规",
                     start="2026-03-02", end="2026-03-03", course_hours=12),          # 8 disagrees with the registered
                _row(b, "成绩有误", score=120, result="优秀"),                         # 9 score and result
                _row(b, "日期有误", start="2026-05-05", end="2026-05-01"))            # 10 dates reversed
    with pytest.raises(training_excel.ExcelImportError) as caught:
        training_excel.training_records_import(actor=admin, data=data, filename="培训.xlsx")
    assert (TrainingCourse.objects.count(), TrainingRecord.objects.count(), AuditEntry.objects.count()) == before
    errors = {(e.row, e.column) for e in caught.value.row_errors}
    assert errors == {(3, "D"), (4, "H"), (5, "A"), (6, "A"), (7, "G"), (8, "G"), (9, "J"), (9, "K"), (10, "F")}
    messages = {(e.row, e.column): e.message for e in caught.value.row_errors}
    assert "瑜伽" in messages[(3, "D")] and "与第 2 行重复" in messages[(5, "A")]
    assert "不在您的管理范围内" in messages[(6, "A")] and "与第 2 行" in messages[(7, "G")]
    assert "已登记" in messages[(8, "G")]
    assert "未导入任何数据" in caught.value.message


def test_excel_import_needs_the_change_right(world):
    with pytest.raises(NotAllowed):
        training_excel.training_records_import(actor=world["users"]["head_a"], data=xlsx(), filename="x.xlsx")


def test_excel_pages_template_upload_and_export(world):
    client = _client(world["users"]["admin_a"])
    template = load_workbook(io.BytesIO(client.get(reverse("org:training_import_template")).content))
    assert [c.value for c in template.worksheets[0][1]] == HEADERS
    assert "填写说明" in template.sheetnames

    bad = xlsx(_row(world["officers"]["a_market"], category="瑜伽"))
    response = client.post(reverse("org:training_import"), {"file": SimpleUploadedFile("培训.xlsx", bad)})
    assert response.status_code == 200 and "第 2 行" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    good = xlsx(_row(world["officers"]["a_market"]))
    response = client.post(reverse("org:training_import"), {"file": SimpleUploadedFile("培训.xlsx", good)},
                           follow=True)
    assert "已导入 1 条培训记录" in response.content.decode()

    response = client.get(reverse("org:training_export"))
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == [*HEADERS, "姓名", "所在主体"]
    assert rows[1][1] == "执法技能培训班" and rows[1][12] == world["officers"]["a_market"].name
    assert world["officers"]["a_market"].id_number not in str(rows) and "*" in rows[1][0]
    assert AuditEntry.objects.filter(action="org.training.export").count() == 1


# --- pages, home card, API ---------------------------------------------------------------------------------------


def test_pages_add_records_and_show_hours(world):
    admin = world["users"]["admin_a"]
    client = _client(admin)
    response = client.post(reverse("org:training_course_create"), {
        "title": "网络信息化知识培训", "organiser": "省政务服务数据管理局", "category": "digital", "hours": "12",
        "start_date": "2026-06-01", "end_date": "2026-06-02", "has_exam": "on", "pass_score": "60"})
    course = TrainingCourse.objects.get(title="网络信息化知识培训")
    assert response["Location"] == reverse("org:training_course_detail", args=[course.pk])
    me = world["officers"]["a_market"]
    response = client.post(reverse("org:training_record_create", args=[course.pk]),
                           {"officer": str(me.pk), "hours": "20"})
    assert response.status_code == 200 and "不能超过课程学时" in response.content.decode()
    client.post(reverse("org:training_record_create", args=[course.pk]),
                {"officer": str(me.pk), "exam_score": "91"})
    record = TrainingRecord.objects.get(officer=me, course=course)
    assert record.exam_passed is True

    for name, args in (("org:training_list", []), ("org:training_course_list", []), ("org:training_hours", []),
                       ("org:training_course_detail", [course.pk]), ("org:training_record_detail", [record.pk]),
                       ("org:training_record_correct", [record.pk])):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    hours = client.get(reverse("org:training_hours"), {"year": 2026}).content.decode()
    assert "差 48 学时" in hours and "差 60 学时" in hours
    detail = client.get(reverse("org:officer_detail", args=[me.pk])).content.decode()
    assert 'data-block="training"' in detail and "网络信息化知识培训" in detail

    for key in ("head_a", "officer_a"):
        other = _client(world["users"][key])
        assert other.get(reverse("org:training_course_create")).status_code == 403
        assert other.get(reverse("org:training_record_create", args=[course.pk])).status_code == 403
        assert other.get(reverse("org:training_record_correct", args=[record.pk])).status_code == 404
    # An officer sees their own record; a colleague's is 404.
    colleague = OfficerFactory(body=world["bodies"]["a_market"], name="同事")
    theirs = services.training_record_add(actor=admin, officer=colleague, course=course)
    officer_client = _client(world["users"]["officer_a"])
    assert officer_client.get(reverse("org:training_record_detail", args=[record.pk])).status_code == 200
    assert officer_client.get(reverse("org:training_record_detail", args=[theirs.pk])).status_code == 404
    assert "同事" not in officer_client.get(reverse("org:training_list")).content.decode()


def test_officer_home_card_shows_their_own_hours(world):
    admin = world["users"]["admin_a"]
    today = datetime.date.today()
    course = _course(world, title="本年度培训", hours="12", start_date=today.replace(month=1, day=1),
                     end_date=today.replace(month=1, day=2))
    services.training_record_add(actor=admin, officer=world["officers"]["a_market"], course=course)
    request = RequestFactory().get("/")
    request.user = world["users"]["officer_a"]
    html = Template("{% load org_home %}{% my_training_card %}").render(Context({"request": request}))
    assert f"我的 {today.year} 年度培训" in html and "本年度培训" in html
    assert "已完成 12 学时，年度要求 60 学时" in html and "还差 48 学时" in html
    request.user = world["users"]["head_a"]  # no officer record: nothing
    assert "年度培训" not in Template("{% load org_home %}{% my_training_card %}").render(Context({"request": request}))


def test_api_courses_records_and_yearly_summary(world):
    api = APIClient()
    api.force_authenticate(world["users"]["admin_a"])
    response = api.post("/api/v1/training-courses/", {
        "title": "专业法律知识培训", "organiser": "广州市市场监督管理局", "category": "specialist_law", "hours": "20",
        "start_date": "2026-07-01", "end_date": "2026-07-03"}, format="json")
    assert response.status_code == 201, response.json()
    course = response.json()["id"]
    me = world["officers"]["a_market"]
    response = api.post("/api/v1/training-records/", {"officer": str(me.pk), "course": course, "hours": "18",
                                                      "exam_passed": True}, format="json")
    assert response.status_code == 201, response.json()
    record = response.json()["id"]
    response = api.post("/api/v1/training-records/", {"officer": str(me.pk), "course": course}, format="json")
    assert response.status_code == 422
    response = api.patch(f"/api/v1/training-records/{record}/", {"hours": "20"}, format="json")
    assert response.status_code == 400  # the reason is required
    response = api.patch(f"/api/v1/training-records/{record}/", {"hours": "20", "reason": "补登"}, format="json")
    assert response.status_code == 200 and response.json()["hours"] == "20.0"
    summary = api.get(f"/api/v1/officers/{me.pk}/training/", {"year": 2026}).json()
    assert summary["hours"] == "20.0" and summary["minimum"] == "60.0" and summary["met"] is False
    assert summary["by_category"] == {"specialist_law": "20.0"}
    assert api.get("/api/v1/training-records/", {"year": 2026}).json()["count"] == 1

    api.force_authenticate(world["users"]["officer_b"])
    assert api.get(f"/api/v1/training-records/{record}/").status_code == 404
    assert api.get(f"/api/v1/officers/{me.pk}/training/").status_code == 404
    api.force_authenticate(world["users"]["head_a"])
    response = api.post("/api/v1/training-records/", {"officer": str(me.pk), "course": course}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["org:training_list", "org:training_course_list", "org:training_hours",
                                  "org:certificate_expiring"])
def test_training_and_expiry_lists_have_a_bounded_query_count(world, name, django_assert_max_num_queries):
    """No N+1 on the new lists: 30 officers, each with a record of their own course and a certificate expiring
    soon."""
    from .factories import CertificateFactory

    admin = world["users"]["admin_a"]
    today = datetime.date.today()
    for i in range(30):
        officer = OfficerFactory(body=world["bodies"]["a_market"], name=f"人员{i:02d}")
        course = _course(world, title=f"培训{i:02d}", start_date=today.replace(month=1, day=1),
                         end_date=today.replace(month=1, day=2))
        services.training_record_add(actor=admin, officer=officer, course=course, exam_passed=True)
        CertificateFactory(officer=officer, issued_by=world["bodies"]["p_justice"], domains=[world["domains"]["market"]],
                           valid_from=today - datetime.timedelta(days=1000),
                           valid_until=today + datetime.timedelta(days=10 + i))
    client = _client(world["users"]["supervisor_p"])
    client.get(reverse(name))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
    assert response.status_code == 200 and response.content.decode().count("人员") + \
        response.content.decode().count("培训") >= 30
