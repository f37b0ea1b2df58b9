"""``yzf demo`` loads cases in every stage through the engine, so each demo role has real work waiting."""

import pytest
from django.core.management import call_command

from yuezhifa.org.models import User

from ..models import Case, Stage
from ..selectors import approval_queue, todo_list, verify_all_case_logs

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_stage_and_fill_each_roles_queue(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0)
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {Stage.SOURCE, Stage.VERIFIED, Stage.INVESTIGATION, Stage.NOTICE, Stage.DECIDED, Stage.EXECUTION,
            Stage.CLOSED} <= stages
    assert set(Case.objects.values_list("procedure", flat=True)) == {"penalty.general", "penalty.simple",
                                                                      "inspection"}
    # the inspections (demo_scenarios/inspection.toml, on the inspection register's demo data): one in each stage
    inspections = set(Case.objects.filter(procedure="inspection").values_list("stage", flat=True))
    assert {"inspection_pending", "inspection_approved", "inspection_recorded", "inspection_ordered",
            "inspection_closed", "inspection_remote"} <= inspections
    from yuezhifa.inspection.models import Visit

    assert Visit.objects.filter(on_site=False).count() == 1  # the non-site inspection: counted, not on site
    users = {u.username: u for u in User.objects.all()}
    assert todo_list(users["officer"]).count() >= 5
    assert todo_list(users["officer"]).filter(procedure="inspection").count() >= 4
    assert approval_queue(users["head"], "head").count() >= 2
    # the inspection awaiting approval, and the two whose results await the approval of their publication
    assert approval_queue(users["head"], "head").filter(procedure="inspection").count() == 3
    assert approval_queue(users["reviewer"], "legal_reviewer").count() == 1
    assert not todo_list(users["sz_officer"]).exists()
    assert verify_all_case_logs().ok
    # the head approved three decisions for disclosure (办法 第45条): they are on the public site, in time
    from yuezhifa.disclosure.models import PublishedResult
    from yuezhifa.supervision.models import Alert, CaseStat

    published = PublishedResult.objects.filter(status="published")
    assert published.count() == 3 and all(r.published_in_time for r in published)
    # the supervision platform has evaluated the demo: the unpaid fine is an open alert; the late entries the demo
    # itself made are explained by the body's head; the dashboard's rollup is built
    alerts = {(a.rule, a.state) for a in Alert.objects.all()}
    assert ("execution_no_reminder", "open") in alerts and ("back_entry_late", "explained") in alerts
    assert ("back_entry_late", "open") not in alerts
    assert CaseStat.objects.exists()
    count, alert_count = Case.objects.count(), Alert.objects.count()
    call_command("demo", verbosity=0)
    assert Case.objects.count() == count and Alert.objects.count() == alert_count
