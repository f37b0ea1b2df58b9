"""The life of an enforcement certificate (办法 第38条): issue → renew → suspend → reinstate → revoke, by the justice
department's administrators only, each change audited with its reason; the case engine refusing a holder whose
certificate was just suspended; and the daily expiry warnings, on the right day and once.

The module reuses the case platform's world (``world``/``run`` of yuezhifa/cases/tests/conftest.py): the 天河区
market regulator with its certified officers 陈志强, 林晓燕, 周建国 and 黄过期, and 深圳 as the other city.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.cases.tests.conftest import run, world  # noqa: F401  (fixtures)
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.org import selectors, services
from yuezhifa.org.models import (
    Certificate,
    CertificateEvent,
    CertificatePeriod,
    CertificateStatus,
    CertificateWarning,
    EnforcementBody,
    Role,
    Scope,
)
from yuezhifa.org.services.certificates import warning_threshold
from yuezhifa.org.templatetags.org_home import my_training_card  # noqa: F401  (the tag module imports cleanly)

from .factories import BodyFactory, CertificateFactory, OfficerFactory, UserFactory, division

D = datetime.date


@pytest.fixture
def people(world):  # noqa: F811
    """The 广州市司法局 administrator (辖区 scope: every body of 4401), the market regulator's own administrator, a
    provincial supervisor and the 深圳 justice administrator."""
    gz = division("4401", "广州市")
    gz_justice = BodyFactory(name="广州市司法局", division=gz, is_justice_department=True,
                             parent=EnforcementBody.objects.get(name="广东省司法厅"))
    sz_justice = BodyFactory(name="深圳市司法局", division=division("4403", "深圳市"), is_justice_department=True)
    return {
        "justice": UserFactory(username="gz_justice_admin", real_name="司法局管理员", body=gz_justice,
                               roles=[(Role.ADMIN, Scope.JURISDICTION)]),
        "justice_subtree": UserFactory(username="gz_justice_subtree", body=gz_justice,
                                       roles=[(Role.ADMIN, Scope.SUBTREE)]),
        "sz_justice": UserFactory(username="sz_justice_admin", body=sz_justice,
                                  roles=[(Role.ADMIN, Scope.JURISDICTION)]),
        "market_admin": UserFactory(username="th_market_admin", body=world["body"],
                                    roles=[(Role.ADMIN, Scope.SUBTREE)]),
        "gz_justice": gz_justice,
    }


def _issue(actor, officer, world, number="GZ-2026-0001", start=D(2026, 1, 1), end=D(2028, 12, 31)):  # noqa: F811
    return services.certificate_issue(actor=actor, officer=officer, number=number, domains=[world["domain"]],
                                      valid_from=start, valid_until=end,
                                      issued_by=EnforcementBody.objects.get(name="广州市司法局"))


def _new_officer(world, name="新录用"):  # noqa: F811
    return OfficerFactory(name=name, body=world["body"])


# --- the lifecycle ----------------------------------------------------------------------------------------------


def test_issue_renew_suspend_reinstate_revoke_keeps_the_number_and_the_history(world, people):  # noqa: F811
    """办法 第38条: 一人一证，证号合一 — a renewal keeps the number and adds a validity period; every change is
    kept in the certificate's history and audited with its reason."""
    admin = people["justice"]
    officer = _new_officer(world)
    cert = _issue(admin, officer, world)
    assert cert.status == CertificateStatus.VALID
    assert list(cert.periods.values_list("valid_from", "valid_until")) == [(D(2026, 1, 1), D(2028, 12, 31))]
    assert services.valid_certificate(officer, D(2026, 6, 1)) == cert

    renewed = services.certificate_renew(actor=admin, certificate=cert, valid_until=D(2033, 12, 31),
                                         reason="有效期届满换证")
    assert renewed.pk == cert.pk and renewed.number == "GZ-2026-0001"
    assert (renewed.valid_from, renewed.valid_until) == (D(2026, 1, 1), D(2033, 12, 31))  # one unbroken span
    assert list(renewed.periods.order_by("valid_from").values_list("valid_from", "valid_until")) == [
        (D(2026, 1, 1), D(2028, 12, 31)), (D(2029, 1, 1), D(2033, 12, 31))]
    assert Certificate.objects.filter(officer=officer).count() == 1

    services.certificate_suspend(actor=admin, certificate=cert, reason="涉嫌违法违纪，暂扣执法证件")
    assert services.valid_certificate(officer, D(2026, 6, 1)) is None
    with pytest.raises(DomainError, match="须先恢复"):
        services.certificate_renew(actor=admin, certificate=cert, valid_until=D(2035, 1, 1), reason="换证")
    with pytest.raises(DomainError, match="已是"):
        services.certificate_suspend(actor=admin, certificate=cert, reason="再次暂扣")

    services.certificate_reinstate(actor=admin, certificate=cert, reason="调查结束，恢复")
    assert services.valid_certificate(officer, D(2026, 6, 1)) == cert

    services.certificate_revoke(actor=admin, certificate=cert, reason="调离执法岗位")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.status_reason == "调离执法岗位"
    assert services.valid_certificate(officer, D(2026, 6, 1)) is None
    for act in (services.certificate_reinstate, services.certificate_suspend):
        with pytest.raises(DomainError, match="已注销"):
            act(actor=admin, certificate=cert, reason="试图恢复")
    with pytest.raises(DomainError, match="已注销"):
        services.certificate_renew(actor=admin, certificate=cert, valid_until=D(2040, 1, 1), reason="换证")

    # The history, in order, with who and why.
    events = list(CertificateEvent.objects.filter(certificate=cert).order_by("occurred_at"))
    assert [e.kind for e in events] == ["issue", "renew", "suspend", "reinstate", "revoke"]
    assert [e.status_after for e in events] == ["valid", "valid", "suspended", "valid", "revoked"]
    assert events[2].reason == "涉嫌违法违纪，暂扣执法证件" and events[2].actor == admin
    assert events[1].valid_until == D(2033, 12, 31)
    actions = list(AuditEntry.objects.filter(object_id=str(cert.pk)).order_by("seq").values_list("action", flat=True))
    assert actions == ["org.certificate.issue", "org.certificate.renew", "org.certificate.suspend",
                       "org.certificate.reinstate", "org.certificate.revoke"]
    for entry in AuditEntry.objects.filter(object_id=str(cert.pk)).exclude(action="org.certificate.issue"):
        assert entry.after["reason"], entry.action

    # 一人一证: once revoked, the person may be issued a new certificate, with a new number.
    again = _issue(admin, officer, world, number="GZ-2026-0002")
    assert services.valid_certificate(officer, D(2026, 6, 1)) == again


def test_renewal_after_a_gap_keeps_the_old_period_for_acts_entered_after_the_fact(world, people):  # noqa: F811
    admin = people["justice"]
    officer = _new_officer(world)
    cert = _issue(admin, officer, world, start=D(2020, 1, 1), end=D(2024, 12, 31))
    services.certificate_renew(actor=admin, certificate=cert, valid_from=D(2025, 3, 1), valid_until=D(2030, 2, 28),
                               reason="过期后重新核发有效期")
    cert.refresh_from_db()
    assert (cert.valid_from, cert.valid_until) == (D(2025, 3, 1), D(2030, 2, 28))
    assert services.valid_certificate(officer, D(2023, 5, 5)) == cert   # the old period
    assert services.valid_certificate(officer, D(2025, 2, 1)) is None   # the gap: no valid certificate
    assert services.valid_certificate(officer, D(2026, 5, 5)) == cert   # the new period


def test_renewal_refusals_name_the_field(world, people):  # noqa: F811
    admin = people["justice"]
    cert = _issue(admin, _new_officer(world), world)
    cases = [({"valid_until": D(2030, 1, 1), "reason": " "}, "reason"),
             ({"valid_until": D(2028, 12, 31), "reason": "换证"}, "valid_until"),
             ({"valid_until": D(2030, 1, 1), "valid_from": D(2025, 1, 1), "reason": "换证"}, "valid_from"),
             ({"valid_until": D(2030, 1, 1), "valid_from": D(2031, 1, 1), "reason": "换证"}, "valid_until")]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as err:
            services.certificate_renew(actor=admin, certificate=cert, **kwargs)
        assert err.value.field == field, kwargs
    assert CertificatePeriod.objects.filter(certificate=cert).count() == 1
    with pytest.raises(DomainError) as err:
        services.certificate_suspend(actor=admin, certificate=cert, reason="")
    assert err.value.field == "reason"


def test_only_justice_department_administrators_in_scope_act_on_certificates(world, people):  # noqa: F811
    """办法 第38条: 各级司法行政部门 manage the certificates. A body's own administrator, a supervisor, another
    city's justice department, or a justice administrator whose scope stops at its own subtree are refused, and
    nothing is written."""
    officer = _new_officer(world)
    cert = world["officers"]["chen"].certificates.get()
    before = (Certificate.objects.count(), CertificateEvent.objects.count(), AuditEntry.objects.count())
    for key in ("market_admin", "sz_justice", "justice_subtree"):
        actor = people[key]
        with pytest.raises(NotAllowed, match="司法行政部门"):
            _issue(actor, officer, world, number=f"X-{key}")
        with pytest.raises(NotAllowed):
            services.certificate_renew(actor=actor, certificate=cert, valid_until=D(2035, 1, 1), reason="换证")
        for act in (services.certificate_suspend, services.certificate_revoke):
            with pytest.raises(NotAllowed):
                act(actor=actor, certificate=cert, reason="理由")
    for key in ("head", "supervisor", "chen"):
        with pytest.raises(NotAllowed):
            services.certificate_suspend(actor=world["users"][key], certificate=cert, reason="理由")
    assert (Certificate.objects.count(), CertificateEvent.objects.count(), AuditEntry.objects.count()) == before
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    # The system (commands, tasks) acts as the province's administrator.
    services.certificate_suspend(actor=SYSTEM, certificate=cert, reason="批处理暂扣")
    assert AuditEntry.objects.get(action="org.certificate.suspend").actor_repr == "系统"


def test_case_engine_refuses_an_officer_whose_certificate_was_just_suspended(run, world, people):  # noqa: F811
    """处罚法 第42条 / 办法 第38条: the suspension takes effect at once — the very next act naming the holder is
    refused; once reinstated the holder acts again."""
    from yuezhifa.cases.services import act_perform  # noqa: F401  (what ``run.act`` calls)

    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    cert = world["officers"]["lin"].certificates.get()
    inspection = {"kind": "inspection", "subject": "禾盛便利店", "record": ["现场检查。"], "certificates_shown": True}
    services.certificate_suspend(actor=people["justice"], certificate=cert, reason="涉嫌违纪，暂扣。")
    version = run.refresh().version
    with pytest.raises(DomainError, match=r"林晓燕.*有效的行政执法证件.*第四十二条"):
        run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen", "lin"), **inspection)
    assert run.refresh().version == version  # nothing recorded
    services.certificate_reinstate(actor=people["justice"], certificate=cert, reason="恢复。")
    run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen", "lin"), **inspection)
    assert run.refresh().version == version + 1


def test_expired_certificate_is_not_valid(world):  # noqa: F811
    old = world["officers"]["old"]
    assert services.valid_certificate(old, D(2025, 12, 31)) is not None
    assert services.valid_certificate(old, D(2026, 1, 1)) is None


# --- expiry warnings ---------------------------------------------------------------------------------------------


def test_warning_thresholds_pick_the_tightest_reached():
    thresholds = (90, 30, 7, 0)
    assert [warning_threshold(d, thresholds) for d in (91, 90, 31, 30, 8, 7, 0, -1, -400)] == \
        [None, 90, 90, 30, 30, 7, 7, 0, 0]


def test_expiry_warnings_are_recorded_on_the_right_day_and_once(world, people):  # noqa: F811
    admin = people["justice"]
    end = D(2027, 6, 30)
    cert = _issue(admin, _new_officer(world), world, start=D(2022, 7, 1), end=end)

    def run_on(day):
        return [(w.certificate_id, w.threshold) for w in services.certificate_warnings_record(actor=SYSTEM, today=day)
                if w.certificate_id == cert.pk]

    assert run_on(end - datetime.timedelta(days=91)) == []
    assert run_on(end - datetime.timedelta(days=90)) == [(cert.pk, 90)]
    assert run_on(end - datetime.timedelta(days=90)) == []   # the same day again
    assert run_on(end - datetime.timedelta(days=89)) == []   # the next day
    assert run_on(end - datetime.timedelta(days=31)) == []
    assert run_on(end - datetime.timedelta(days=30)) == [(cert.pk, 30)]
    assert run_on(end - datetime.timedelta(days=7)) == [(cert.pk, 7)]
    assert run_on(end) == []
    assert run_on(end + datetime.timedelta(days=1)) == [(cert.pk, 0)]
    assert run_on(end + datetime.timedelta(days=30)) == []
    warnings = CertificateWarning.objects.filter(certificate=cert).order_by("warned_on")
    assert [(w.threshold, w.days_left, w.warned_on) for w in warnings] == [
        (90, 90, D(2027, 4, 1)), (30, 30, D(2027, 5, 31)), (7, 7, D(2027, 6, 23)), (0, -1, D(2027, 7, 1))]
    assert AuditEntry.objects.filter(action="org.certificate.warn", object_id=str(cert.pk)).count() == 4

    # A renewal starts a new validity period, and so new warnings.
    services.certificate_renew(actor=admin, certificate=cert, valid_until=D(2032, 6, 30), reason="换证")
    assert run_on(D(2032, 4, 1)) == [(cert.pk, 90)]


def test_a_threshold_passed_unseen_is_not_recorded_late(world, people):  # noqa: F811
    """A certificate first seen 20 days before its end gets the 30-day warning, never the 90-day one afterwards."""
    cert = _issue(people["justice"], _new_officer(world), world, start=D(2022, 7, 1), end=D(2027, 6, 30))
    assert [w.threshold for w in services.certificate_warnings_record(today=D(2027, 6, 10))
            if w.certificate_id == cert.pk] == [30]
    assert [w for w in services.certificate_warnings_record(today=D(2027, 6, 11)) if w.certificate_id == cert.pk] == []


def test_suspended_certificates_and_configured_thresholds(world, people, settings):  # noqa: F811
    settings.YZF_CERTIFICATE_WARNING_THRESHOLDS = "60"
    admin = people["justice"]
    cert = _issue(admin, _new_officer(world), world, start=D(2022, 7, 1), end=D(2027, 6, 30))
    other = _issue(admin, _new_officer(world, "另一人"), world, number="GZ-X", start=D(2022, 7, 1), end=D(2027, 6, 30))
    services.certificate_suspend(actor=admin, certificate=other, reason="暂扣")
    recorded = services.certificate_warnings_record(today=D(2027, 5, 1))  # 60 days left
    assert [(w.certificate_id, w.threshold) for w in recorded if w.certificate_id in (cert.pk, other.pk)] == \
        [(cert.pk, 60)]
    with pytest.raises(NotAllowed):
        services.certificate_warnings_record(actor=people["justice"])


def test_the_periodic_task_records_todays_warnings(world, people):  # noqa: F811
    from yuezhifa.org.tasks import record_certificate_warnings

    today = timezone.localdate()
    cert = CertificateFactory(officer=_new_officer(world), issued_by=people["gz_justice"], domains=[world["domain"]],
                              valid_from=today - datetime.timedelta(days=1000),
                              valid_until=today + datetime.timedelta(days=7))
    assert record_certificate_warnings.call_local() >= 1
    assert CertificateWarning.objects.get(certificate=cert).threshold == 7
    assert record_certificate_warnings.call_local() == 0


def test_expiring_selector_and_page_follow_the_scope(world, people, settings):  # noqa: F811
    today = timezone.localdate()
    soon = CertificateFactory(number="SOON-1", officer=_new_officer(world), issued_by=people["gz_justice"],
                              domains=[world["domain"]], valid_from=today - datetime.timedelta(days=900),
                              valid_until=today + datetime.timedelta(days=40))
    later = CertificateFactory(number="LATER-1", officer=_new_officer(world, "晚到期"), issued_by=people["gz_justice"],
                               domains=[world["domain"]], valid_from=today,
                               valid_until=today + datetime.timedelta(days=120))
    sz = CertificateFactory(number="SZ-SOON", officer=OfficerFactory(body=world["other"]),
                            issued_by=people["gz_justice"], domains=[world["domain"]],
                            valid_from=today - datetime.timedelta(days=900),
                            valid_until=today + datetime.timedelta(days=10))
    admin = people["justice"]
    assert set(selectors.certificates_expiring(user=admin).values_list("number", flat=True)) == {"SOON-1"}
    assert set(selectors.certificates_expiring(user=admin, days=150).values_list("number", flat=True)) == \
        {"SOON-1", "LATER-1"}
    settings.YZF_CERTIFICATE_WARNING_DAYS = 30
    assert not selectors.certificates_expiring(user=admin).exists()
    del settings.YZF_CERTIFICATE_WARNING_DAYS

    client = Client()
    client.force_login(admin)
    html = client.get(reverse("org:certificate_expiring")).content.decode()
    assert soon.number in html and later.number not in html and sz.number not in html
    assert "黄过期" in html  # expired and never renewed: listed too
    assert later.number in client.get(reverse("org:certificate_expiring"), {"days": 150}).content.decode()
    officer_view = Client()
    officer_view.force_login(world["users"]["other"])
    html = officer_view.get(reverse("org:certificate_expiring")).content.decode()
    assert sz.number in html and soon.number not in html


# --- pages and API -------------------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_issue_renew_and_change_status_for_the_justice_administrator(world, people):  # noqa: F811
    client = _client(people["justice"])
    officer = _new_officer(world)
    page = client.get(reverse("org:officer_detail", args=[officer.pk])).content.decode()
    assert reverse("org:certificate_issue", args=[officer.pk]) in page
    response = client.post(reverse("org:certificate_issue", args=[officer.pk]), {
        "number": "gz-web-1", "domains": ["market"], "issued_by": str(people["gz_justice"].pk),
        "valid_from": "2026-01-01", "valid_until": "2030-12-31", "reason": "新录用"})
    cert = Certificate.objects.get(number="GZ-WEB-1")
    assert response.status_code == 302 and response["Location"] == reverse("org:certificate_detail", args=[cert.pk])

    response = client.post(reverse("org:certificate_renew", args=[cert.pk]),
                           {"valid_until": "2030-06-30", "reason": "换证"})
    assert response.status_code == 200 and "须晚于现有效期至" in response.content.decode()
    client.post(reverse("org:certificate_renew", args=[cert.pk]), {"valid_until": "2035-12-31", "reason": "换证"})
    cert.refresh_from_db()
    assert cert.valid_until == D(2035, 12, 31)

    response = client.post(reverse("org:certificate_status", args=[cert.pk]), {"action": "suspend", "reason": ""})
    assert response.status_code == 200 and "请写明理由" in response.content.decode()
    client.post(reverse("org:certificate_status", args=[cert.pk]), {"action": "suspend", "reason": "暂扣"})
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED
    detail = client.get(reverse("org:certificate_detail", args=[cert.pk])).content.decode()
    for text in ("证件历史", "发证", "换证（延续有效期）", "暂扣", "恢复", "历次有效期"):
        assert text in detail, text


def test_pages_refuse_other_administrators(world, people):  # noqa: F811
    cert = world["officers"]["chen"].certificates.get()
    officer = _new_officer(world)
    client = _client(people["market_admin"])
    detail = client.get(reverse("org:certificate_detail", args=[cert.pk])).content.decode()
    assert 'data-block="certify"' not in detail and "换证（延续有效期）</a>" not in detail
    assert reverse("org:certificate_issue", args=[officer.pk]) not in \
        client.get(reverse("org:officer_detail", args=[officer.pk])).content.decode()
    for url in (reverse("org:certificate_issue", args=[officer.pk]), reverse("org:certificate_renew", args=[cert.pk]),
                reverse("org:certificate_status", args=[cert.pk]), reverse("org:certificate_import"),
                reverse("org:certificate_import_template")):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("org:certificate_status", args=[cert.pk]),
                       {"action": "suspend", "reason": "x"}).status_code == 403
    assert _client(people["justice"]).get(reverse("org:certificate_import")).status_code == 200
    # Out of the justice administrator's scope: 404, as for a row that does not exist.
    sz_cert = CertificateFactory(officer=OfficerFactory(body=world["other"]), issued_by=people["gz_justice"],
                                 domains=[world["domain"]])
    assert _client(people["justice"]).get(reverse("org:certificate_renew", args=[sz_cert.pk])).status_code == 404
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_api_renew_status_history_and_expiring(world, people):  # noqa: F811
    from rest_framework.test import APIClient

    cert = world["officers"]["chen"].certificates.get()
    api = APIClient()
    api.force_authenticate(people["market_admin"])
    response = api.post(f"/api/v1/certificates/{cert.pk}/renew/", {"valid_until": "2035-12-31", "reason": "换证"},
                        format="json")
    assert response.status_code == 403 and "司法行政部门" in response.json()["detail"]

    api.force_authenticate(people["justice"])
    response = api.post(f"/api/v1/certificates/{cert.pk}/renew/", {"valid_until": "2035-12-31", "reason": "换证"},
                        format="json")
    assert response.status_code == 200 and response.json()["valid_until"] == "2035-12-31"
    response = api.post(f"/api/v1/certificates/{cert.pk}/status/", {"status": "suspended", "reason": "暂扣"},
                        format="json")
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    response = api.post(f"/api/v1/certificates/{cert.pk}/status/", {"status": "suspended", "reason": "暂扣"},
                        format="json")
    assert response.status_code == 422
    history = api.get(f"/api/v1/certificates/{cert.pk}/history/").json()
    assert [e["kind"] for e in history["events"]] == ["renew", "suspend"]  # made by the factory: no issue event
    assert [p["valid_until"] for p in history["periods"]] == ["2035-12-31"]
    expiring = api.get("/api/v1/certificates/expiring/", {"days": 3660, "include_expired": "true"}).json()
    assert "黄过期" in {c["officer_name"] for c in expiring["results"]}
    assert api.get("/api/v1/certificates/expiring/", {"days": "x"}).status_code == 422
    services.certificate_warnings_record(today=D(2029, 12, 1))  # 30 days before 2029-12-31
    warnings = api.get("/api/v1/certificate-warnings/").json()["results"]
    # 陈志强's certificate is suspended: no warning; 黄过期's expired long ago: the one "expired" warning.
    assert {(w["officer_name"], w["threshold"]) for w in warnings} == {("林晓燕", 30), ("周建国", 30), ("黄过期", 0)}
    api.force_authenticate(world["users"]["other"])
    assert api.get("/api/v1/certificate-warnings/").json()["results"] == []
