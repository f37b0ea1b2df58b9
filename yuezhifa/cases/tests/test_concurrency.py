"""Many people acting at once (DESIGN §5.2, §5.7): fifty threads, each with its own database connection, released
together by a barrier against the real row locks of PostgreSQL.

* acts on one case are serialised by the case row lock: consecutive ``seq``, an unbroken hash chain, ``version`` equal
  to the number of acts, and an intact audit chain;
* 案号 and 文书文号 of one body are allocated 1..50 with no gap and no duplicate, the sequence row created under the
  race;
* the same ``expected_version`` sent fifty times lets exactly one act through; the others get ``Conflict`` (409).

SQLite has no row locks worth the name (one writer locks the whole file), so these run on PostgreSQL only:
``DATABASE_URL=postgres://… pytest yuezhifa/cases/tests/test_concurrency.py``. The data is committed
(``transaction=True``); the database is flushed after each test and the reference tables reseeded (core.seeding).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection, connections

from yuezhifa.audit.selectors import verify_chain
from yuezhifa.core.errors import Conflict
from yuezhifa.org.models import User

from .. import services
from ..models import Act, Case, CaseDocument, NumberSequence
from .conftest import at, store_party

THREADS = 50
BARRIER_TIMEOUT = 120  # seconds: a thread that never arrives breaks the barrier instead of hanging the run
JOIN_TIMEOUT = 600

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="并发测试需要 PostgreSQL（行级锁 select_for_update）；SQLite 整库只有一个写者，"
                              "请设置 DATABASE_URL=postgres://… 运行"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def circumstances(db):
    """The vocabulary of circumstances the world's benchmark names, which a transactional test before this one may
    have flushed away (core.seeding now reseeds it too; this keeps the test independent of that hook)."""
    from yuezhifa.discretion.models import Circumstance

    if not Circumstance.objects.exists():
        importlib.import_module("yuezhifa.discretion.migrations.0002_seed_circumstances").seed(apps, None)


def run_together(n: int, prepare: Callable[[int], object], act: Callable[[int, object], object]) -> list[tuple]:
    """Run ``act(i, prepare(i))`` in ``n`` threads, each with its own connection, all released at once by a barrier
    after their ``prepare``. Returns ``[(outcome, value)]`` per thread: ``ok``, ``conflict`` or ``error``."""
    barrier = threading.Barrier(n, timeout=BARRIER_TIMEOUT)
    results: list[tuple] = [("error", "thread did not finish")] * n

    def target(i: int) -> None:
        try:
            try:
                state = prepare(i)
            except BaseException:
                barrier.abort()
                raise
            barrier.wait()
            results[i] = ("ok", act(i, state))
        except Conflict as exc:
            results[i] = ("conflict", exc)
        except BaseException as exc:
            results[i] = ("error", exc)
        finally:
            connections.close_all()  # this thread's connections only (they are thread-local)

    threads = [threading.Thread(target=target, args=(i,), name=f"actor-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "threads still running after the timeout"
    return results


def errors(results: list[tuple]) -> list:
    return [value for outcome, value in results if outcome == "error"]


def perform(user: User, case: Case, code: str, when: str, *, expected_version=None, **data):
    return services.act_perform(actor=user, case=case, code=code, data=data, performed_at=at(when),
                                expected_version=expected_version)


def fresh(world, *names: str) -> list[User]:
    """The world's users read again in this thread (no object shared between threads)."""
    return [User.objects.get(pk=world["users"][name].pk) for name in names]


def assert_log_intact(case: Case, acts_before: int, new_acts: int) -> list[Act]:
    case.refresh_from_db()
    acts = list(Act.objects.filter(case=case).order_by("seq"))
    assert len(acts) == acts_before + new_acts
    assert [a.seq for a in acts] == list(range(1, len(acts) + 1)), "seq not consecutive"
    previous = ""
    for act in acts:
        assert act.prev_hash == previous, f"hash chain broken at act {act.seq}"
        assert act.compute_hash() == act.hash, f"act {act.seq} does not match its hash"
        previous = act.hash
    assert len({a.hash for a in acts}) == len(acts)
    assert case.version == len(acts)
    assert case.last_hash == acts[-1].hash
    report = verify_chain()
    assert report.ok, report.message
    return acts


def evidence(run, i: int) -> dict:
    return {"kind": "documentary", "title": f"进货台账第{i + 1}页", "description": "证明进货来源。",
            "officers": run.ids("chen", "lin")}


def test_fifty_acts_at_once_on_one_case_keep_the_log_and_chain(world, run):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    case = run.refresh()
    before = case.version

    def prepare(i):
        (chen,) = fresh(world, "chen")
        return chen, Case.objects.get(pk=case.pk)

    def act(i, state):
        chen, mine = state
        return perform(chen, mine, "collect_evidence", "2026-10-08 09:00", **evidence(run, i)).seq

    results = run_together(THREADS, prepare, act)
    assert errors(results) == []
    seqs = sorted(value for outcome, value in results if outcome == "ok")
    assert seqs == list(range(before + 1, before + THREADS + 1)), "each act got its own seq, none twice"

    acts = assert_log_intact(case, before, THREADS)
    assert sorted(a.data["title"] for a in acts if a.code == "collect_evidence") == \
        sorted(f"进货台账第{i + 1}页" for i in range(THREADS))


def test_fifty_cases_of_one_body_get_numbers_without_gap_or_duplicate(world, run):
    """Each thread registers and verifies a case, then all file at once (案号, the sequence row created under the
    race), then all take the case to the advance notice and notify at once (行政处罚事先告知书 文号)."""
    body, item = world["body"], world["item"]
    ids = run.ids("chen", "lin")
    notify_barrier = threading.Barrier(THREADS, timeout=BARRIER_TIMEOUT)
    assert not NumberSequence.objects.exists()

    def prepare(i):
        chen, head = fresh(world, "chen", "head")
        case = services.case_open(actor=chen, procedure="penalty.general", performed_at=at("2026-09-28 09:00"),
                                  data={"source_kind": "inspection", "cause": f"经营超过保质期的食品（第{i + 1}户）",
                                        "summary": "日常监督检查发现货架上有超过保质期的食品。"})
        perform(chen, case, "verify_source", "2026-09-28 09:00", findings="现场核实。", conclusion="file",
                officers=ids)
        return chen, head, case

    def act(i, state):
        chen, head, case = state
        try:
            perform(head, case, "file", "2026-09-30 10:00", item=item.code, party=store_party(),
                    violation_date="2026-09-28", summary=["发现超过保质期的食品。"], handlers=ids)
            perform(chen, case, "investigate", "2026-10-09 09:00", kind="inspection", subject="禾盛便利店",
                    record=["现场检查记录。"], officers=ids, certificates_shown=True)
            perform(chen, case, "finish_investigation", "2026-10-09 09:00", facts=["销售超过保质期的食品。"],
                    evidence=["现场检查笔录"], violated=["《中华人民共和国食品安全法》第三十四条第（十）项"],
                    basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], circumstances=[],
                    amounts={"goods_value": "486.60"}, proposal="penalty", officers=ids)
            perform(head, case, "review", "2026-10-09 10:00", outcome="penalty", opinion="同意处罚。")
        except BaseException:
            notify_barrier.abort()
            raise
        notify_barrier.wait()
        perform(chen, case, "notify", "2026-10-09 11:00",
                proposed={"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
                facts=["销售超过保质期的食品。"], reasons="一般情形。", basis=["食品安全法第一百二十四条"],
                served_on="2026-10-09", service_method="direct")
        return case.pk

    results = run_together(THREADS, prepare, act)
    assert errors(results) == []

    cases = list(Case.objects.filter(body=body))
    assert len(cases) == THREADS
    assert sorted(c.sequence for c in cases) == list(range(1, THREADS + 1))
    assert {c.year for c in cases} == {2026}
    assert sorted(c.number for c in cases) == sorted(f"穗天市监立〔2026〕{n}号" for n in range(1, THREADS + 1))
    notices = list(CaseDocument.objects.filter(case__body=body, doc_type="penalty_advance_notice")
                   .values_list("number", flat=True))
    assert sorted(notices) == sorted(f"穗天市监罚告〔2026〕{n}号" for n in range(1, THREADS + 1))
    assert dict(NumberSequence.objects.filter(body=body).values_list("kind", "last")) == \
        {"case": THREADS, "penalty_advance_notice": THREADS}
    for case in cases:
        assert case.stage == "notice"
        assert_log_intact(case, 0, 7)


@pytest.mark.parametrize("seen", ["current", "stale"])
def test_same_expected_version_fifty_times_lets_at_most_one_through(world, run, seen):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    case = run.refresh()
    before = case.version
    expected = before if seen == "current" else before - 1

    def prepare(i):
        (chen,) = fresh(world, "chen")
        return chen, Case.objects.get(pk=case.pk)

    def act(i, state):
        chen, mine = state
        return perform(chen, mine, "collect_evidence", "2026-10-08 09:00", expected_version=expected,
                       **evidence(run, i)).seq

    results = run_together(THREADS, prepare, act)
    assert errors(results) == []
    won = [value for outcome, value in results if outcome == "ok"]
    conflicts = [value for outcome, value in results if outcome == "conflict"]
    winners = 1 if seen == "current" else 0
    assert len(won) == winners and len(conflicts) == THREADS - winners
    assert won == ([before + 1] if winners else [])
    for exc in conflicts:
        assert exc.status_code == 409 and exc.field == "version"
        assert exc.extra["current_version"] in (before, before + 1)
    assert_log_intact(case, before, winners)


def test_stored_acts_verify_against_their_hash(run):
    """The chain is only worth something if each stored act still hashes to its ``hash`` when read back."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    for act in Act.objects.filter(case=run.case).order_by("seq"):
        assert act.compute_hash() == act.hash, f"act {act.seq} does not match its hash"
