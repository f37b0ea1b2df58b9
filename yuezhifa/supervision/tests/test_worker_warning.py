"""The supervision pages warn when the task worker has not run for 10 minutes (configurable): the alerts they show,
e-mail service and the daily checks depend on it (decision 0023)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from yuezhifa.core.tasks import worker_heartbeat
from yuezhifa.core.worker import last_heartbeat, record_heartbeat, worker_status

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 12, 21, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _own_queue_storage(monkeypatch):
    """A queue storage of this test only (the real one is the worktree's var/huey.sqlite3 or Redis)."""
    monkeypatch.setattr(HUEY, "storage", MemoryStorage("yzf-test"))
    monkeypatch.setattr(HUEY, "immediate", False)


def test_the_periodic_task_beats_every_minute_and_records_the_time():
    assert all(worker_heartbeat.task_class().validate_datetime(T0 + datetime.timedelta(minutes=m)) for m in range(60))
    with time_machine.travel(T0, tick=False):
        worker_heartbeat.call_local()
    assert last_heartbeat() == T0


def test_a_worker_that_never_ran_or_stopped_more_than_ten_minutes_ago_is_stale(settings):
    with time_machine.travel(T0, tick=False):
        assert worker_status().stale and worker_status().last is None
        record_heartbeat()
        assert not worker_status().stale
    with time_machine.travel(T0 + datetime.timedelta(minutes=10), tick=False):
        assert not worker_status().stale
    with time_machine.travel(T0 + datetime.timedelta(minutes=10, seconds=1), tick=False):
        assert worker_status().stale
    settings.YZF_WORKER_STALE_MINUTES = 30
    with time_machine.travel(T0 + datetime.timedelta(minutes=29), tick=False):
        assert not worker_status().stale


@pytest.mark.django_db
def test_the_supervision_home_shows_the_warning_only_when_the_worker_is_stale(people, client):
    with time_machine.travel(T0, tick=False):
        record_heartbeat()
    with time_machine.travel(T0 + datetime.timedelta(minutes=5), tick=False):
        client.force_login(people["gz_sup"])
        page = client.get(reverse("supervision:index"), follow=True).content.decode()
        assert "监督统计分析" in page and 'id="worker-warning"' not in page
    with time_machine.travel(T0 + datetime.timedelta(minutes=11), tick=False):
        client.force_login(people["gz_sup"])
        page = client.get(reverse("supervision:index"), follow=True).content.decode()
        assert 'id="worker-warning"' in page
        assert "后台任务进程已超过 10 分钟未运行（最后一次运行于 2026-12-21 09:00）" in page
        assert "电子送达" in page
        page = client.get(reverse("supervision:alerts")).content.decode()
        assert 'id="worker-warning"' in page


def test_in_immediate_mode_there_is_no_worker_to_miss(monkeypatch):
    monkeypatch.setattr(HUEY, "immediate", True)
    assert not worker_status().stale
