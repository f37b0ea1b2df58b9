"""The hub over all nodes (议题 16 §1, docs/decisions/0059), in one database: the jobs that write base data run only
where base data are writable (办法 第十三条、第五十二至五十六条), the jobs that write case data only where cases are
handled (第十四条); rows that arrived by replication are indexed for search; accounts of another database are shown
as "（节点账号）"; the supervision home warns when a node's replication lags."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from yuezhifa.cases.models import Act
from yuezhifa.disclosure.models import PartyKind, PublishedResult, ResultStatus
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division
from yuezhifa.search.models import SearchDocument
from yuezhifa.topology import lag, reindex
from yuezhifa.topology.accounts import user_label

pytestmark = pytest.mark.django_db

NODE = {"YZF_ROLE": "node", "YZF_NODE_CODE": "440100", "YZF_HUB_NAME": "广东省一体化行政执法平台"}
HUB = {"YZF_ROLE": "hub", "YZF_NODE_CODE": ""}


# --- jobs and commands ---------------------------------------------------------------------------------------------


def test_base_writing_jobs_do_nothing_on_a_node_per_article_13(caplog):
    """办法 第十三条: the certificate warnings and the law statuses are the hub's to write; a node's periodic run
    writes nothing and logs why."""
    from yuezhifa.laws.tasks import refresh_law_statuses
    from yuezhifa.org.models import CertificateWarning
    from yuezhifa.org.tasks import record_certificate_warnings

    before = CertificateWarning.objects.count()
    with override_settings(**NODE), caplog.at_level("INFO", logger="yuezhifa.topology.jobs"):
        assert record_certificate_warnings.call_local() == 0
        assert refresh_law_statuses.call_local() == 0
    assert CertificateWarning.objects.count() == before
    assert "本节点（440100）不运行“执法证到期预警”：基础数据由省级平台（广东省一体化行政执法平台）统一维护" in caplog.text
    assert "不运行“法律法规时效状态更新”" in caplog.text


@pytest.mark.parametrize("command, args, what", [
    ("import_calendar", ["/nonexistent.csv"], "工作日历导入"),
    ("import_laws", [], "法律法规导入"),
    ("import_divisions", [], "行政区划导入"),
    ("import_subjects", ["/nonexistent.xlsx"], "检查对象名录导入"),
    ("demo", [], "演示数据载入"),
])
def test_base_writing_commands_are_refused_on_a_node_naming_the_hub(command, args, what):
    """办法 第十三条: on a node the importers of base data stop before reading anything, naming the hub."""
    with override_settings(**NODE), pytest.raises(CommandError) as refused:
        call_command(command, *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert f"本节点（440100）不运行“{what}”" in str(refused.value)
    assert "请在省级平台办理" in str(refused.value)


def test_case_writing_jobs_do_nothing_at_the_hub_per_article_14(monkeypatch):
    """办法 第十四条: e-mail service and a result's expiry are done by the node that handles the case; at the hub
    the rows are replicated copies, so the hub's runs do nothing (no e-mail sent twice)."""
    from yuezhifa.cases import email_service
    from yuezhifa.cases.tasks import sweep_email_deliveries
    from yuezhifa.disclosure import services
    from yuezhifa.disclosure.tasks import expire_published_results

    monkeypatch.setattr(email_service, "due_deliveries", lambda: ["x"])
    monkeypatch.setattr(email_service, "deliver", lambda _id: pytest.fail("the hub sent a node's e-mail"))
    monkeypatch.setattr(services, "expire_results", lambda: pytest.fail("the hub expired a node's result"))
    with override_settings(**HUB):
        assert sweep_email_deliveries.call_local() == 0
        assert expire_published_results.call_local() == 0


# --- search index of replicated rows ------------------------------------------------------------------------------


def _replicated_result(body, **fields) -> PublishedResult:
    """A published result as the apply worker writes it: the row only, no service, no index."""
    today = datetime.date(2026, 12, 1)
    values = {"body": body, "body_name": body.name, "body_credit_code": body.credit_code, "document_type": "行政处罚决定书",
              "document_number": "穗市监罚〔2026〕88号", "party_name": "广州市拓扑测试贸易有限公司",
              "party_kind": PartyKind.ORGANISATION, "party_credit_code": "91440101MA5TOPO01X",
              "facts": "经营超过保质期的食品", "decision_date": today, "status": ResultStatus.PUBLISHED,
              "display_until": today + datetime.timedelta(days=1095)}
    return PublishedResult.objects.create(**{**values, **fields})


def test_reindex_indexes_replicated_results_and_removes_those_off_display(client):
    """/gongshi/ at the hub finds a node's result once ``yzf search_reindex`` (or its periodic task) has run."""
    body = BodyFactory(division=division("4401", "广州市"))
    shown = _replicated_result(body)
    assert not SearchDocument.objects.filter(kind="disclosure.penalty", object_id=str(shown.pk)).exists()
    out = io.StringIO()
    with override_settings(**HUB):
        call_command("search_reindex", "--kind", "disclosure", stdout=out)
    assert "公示结果：索引 1 个，移出 0 个" in out.getvalue()
    page = client.get(reverse("disclosure:results"), {"q": "拓扑测试贸易"})
    assert page.status_code == 200 and "穗市监罚〔2026〕88号" in page.content.decode()
    assert reindex.reindex(kinds=["disclosure"]) == {"disclosure": (0, 0)}  # nothing changed: nothing to do

    PublishedResult.objects.filter(pk=shown.pk).update(status=ResultStatus.EXPIRED)  # the node's expiry, replicated
    assert reindex.reindex(kinds=["disclosure"]) == {"disclosure": (0, 1)}
    assert not SearchDocument.objects.filter(kind="disclosure.penalty", object_id=str(shown.pk)).exists()


def test_reindex_indexes_laws_and_items_that_reached_a_node_without_their_documents():
    from yuezhifa.items.tests.factories import LawFactory

    law = LawFactory()
    SearchDocument.objects.filter(kind="laws.law", object_id=str(law.pk)).delete()  # as if replicated
    done = reindex.reindex(kinds=["laws", "items"])
    assert done["laws"][0] >= 1
    assert SearchDocument.objects.filter(kind="laws.law", object_id=str(law.pk)).exists()


def test_the_periodic_reindex_runs_on_hub_and_node_not_all_in_one():
    from yuezhifa.topology.tasks import reindex_replicated_rows

    assert reindex_replicated_rows.call_local() == {}
    with override_settings(**HUB):
        assert set(reindex_replicated_rows.call_local()) == {"disclosure"}
    with override_settings(**NODE):
        assert set(reindex_replicated_rows.call_local()) == {"laws", "items"}


# --- accounts of another database ---------------------------------------------------------------------------------


def test_an_account_the_hub_does_not_hold_is_shown_as_a_node_account():
    """An act replicated from a node names the node's account by key only (decision 0059)."""
    user = UserFactory()
    assert user_label(Act(actor=user), "actor") == str(user)
    assert user_label(Act(actor_id=(440100 << 40) + 7), "actor") == "（节点账号）"
    assert user_label(Act(actor_id=None), "actor", none="平台") == "平台"


# --- replication lag ----------------------------------------------------------------------------------------------


def _status(seconds, state="运行中", name="yzf_case_440300"):
    return {"publications": ["yzf_base"], "slots": [], "subscriptions": [
        {"name": "yzf_case_440100", "state": "运行中", "seconds_since_last_message": 3.0},
        {"name": name, "state": state, "seconds_since_last_message": seconds}]}


def test_lag_warnings_name_the_node_and_how_long_beyond_the_threshold(settings):
    settings.YZF_REPLICATION_LAG_WARN_SECONDS = 300
    with override_settings(**HUB):
        assert lag.warnings(_status(299.0)) == []
        [warning] = lag.warnings(_status(1260.0))
        assert warning.text == "节点 440300 的办案数据已 21 分钟 未复制到省级平台（订阅运行中）"
        [stopped] = lag.warnings(_status(None, state="未运行"))
        assert stopped.node == "440300" and "尚未收到该节点的任何消息" in stopped.text
    assert lag.warnings(_status(1260.0)) == []  # all-in-one: nothing
    with override_settings(**NODE):
        assert lag.warnings(_status(1260.0)) == []


def test_the_supervision_home_shows_the_lag_warning_at_the_hub(client, monkeypatch, settings):
    supervisor = UserFactory(body=BodyFactory(division=division("44", "广东省"), is_justice_department=True),
                             roles=[(Role.SUPERVISOR, Scope.PROVINCE)])
    client.force_login(supervisor)
    monkeypatch.setattr(lag, "_status", lambda: _status(900.0))
    monkeypatch.setattr(lag.connection, "vendor", "postgresql")
    with override_settings(**HUB):
        page = client.get(reverse("supervision:dashboard"))
    assert page.status_code == 200
    assert "节点 440300 的办案数据已 15 分钟 未复制到省级平台" in page.content.decode()
    assert "replication-warning" not in client.get(reverse("supervision:dashboard")).content.decode()


def test_no_lag_warning_where_the_status_cannot_be_read(monkeypatch):
    def broken():
        raise RuntimeError("no pg_stat_subscription")

    monkeypatch.setattr(lag, "_status", broken)
    monkeypatch.setattr(lag.connection, "vendor", "postgresql")
    with override_settings(**HUB):
        assert lag.warnings() == []
