"""Steps of the fault drills (``test_faults``) and of ``bench/bench_replication.py`` that need the application against
one cluster; run as ``python -m yuezhifa.topology.tests.faults_script STEP …`` with that cluster's environment
(DATABASE_URL, YZF_ROLE, YZF_NODE_CODE). Prints one JSON line.

The writer performs real case-platform acts through the services, as a client would: 查封、扣押案源登记 (opening a
seizure case: the case, its first act, its party, its deadlines) and 批准实施查封、扣押 on the case just opened, in
turn. Neither issues a document, so no PDF is rendered and a thousand acts take seconds. Every act carries an
idempotency key (``<run>-<n>``): when the database goes away in the middle of an act the writer cannot know whether
its commit happened, so it retries the act with the same key until the database answers again; an act that did commit
is then replayed by the service (``Replayed``), never recorded twice (DESIGN §9).
"""

import json
import os
import sys
import time

SEIZURE = "compulsion.seizure"
OFFICER_NAME, HEAD_NAME = "faults-officer", "faults-head"


def _party(n: int) -> dict:
    from yuezhifa.documents.samples import credit_code

    return {"kind": "organisation", "name": f"故障演练商行{n}号", "credit_code": credit_code(f"9144010{n % 10}MA5DQ7K2X"),
            "legal_representative": "梁文斌", "address": "广州市天河区棠下荷光路86号首层", "phone": "13926470318"}


def users(code: str, wait: str = "60") -> dict:
    """The node's two accounts (local data): an officer who registers seizures and the head who approves them, of
    the body of the city ``code`` (``multinode_script.seed_hub``'s). Waits up to ``wait`` seconds for its officer to
    arrive from the hub, so that this can start while the hub is being seeded."""
    from yuezhifa.org.models import Officer, Role, Scope
    from yuezhifa.org.tests.factories import UserFactory

    give_up = time.monotonic() + float(wait)
    while (person := Officer.objects.filter(body__division__code=code[:4]).select_related("body").first()) is None:
        if time.monotonic() > give_up:
            raise SystemExit(f"{wait} 秒内没有收到省级平台的 {code} 执法人员")
        time.sleep(0.2)
    body = person.body
    officer = UserFactory(username=OFFICER_NAME, body=body, officer=person, roles=[(Role.OFFICER, Scope.OWN)])
    head = UserFactory(username=HEAD_NAME, body=body, roles=[(Role.HEAD, Scope.SUBTREE)])
    return {"officer": officer.pk, "head": head.pk}


class Writer:
    """Performs acts ``<run>-0`` … ``<run>-<count-1>``: even numbers open a seizure case, odd ones approve it."""

    def __init__(self, run: str, *, patience: float = 90.0):
        from yuezhifa.org.models import User

        self.run, self.patience = run, patience
        self.officer = User.objects.get(username=OFFICER_NAME)
        self.head = User.objects.get(username=HEAD_NAME)
        self.case = None
        self.done = self.replayed = self.retried = 0

    def _once(self, n: int):
        from yuezhifa.cases import services

        key = f"{self.run}-{n}"
        try:
            if n % 2 == 0:
                self.case = services.case_open(actor=self.officer, procedure=SEIZURE, idempotency_key=key, data={
                    "source_kind": "inspection", "cause": "涉嫌经营超过保质期的食品，需扣押",
                    "summary": [f"第{n // 2 + 1}次检查发现货架上有超过保质期的食品。"], "party": _party(n)})
            else:
                services.act_perform(actor=self.head, case=self.case, code="approve_measure", idempotency_key=key,
                                     data={"opinion": "同意扣押。"})
        except services.Replayed as replay:  # it had committed before the connection went: nothing recorded twice
            self.replayed += 1
            if n % 2 == 0:
                self.case = replay.record.case

    def act(self, n: int) -> None:
        """One act, retried with the same key while the database cannot be reached (a crash, a restart)."""
        from django.db import InterfaceError, OperationalError, connection

        give_up = time.monotonic() + self.patience
        while True:
            try:
                self._once(n)
                self.done += 1
                return
            except (OperationalError, InterfaceError):
                if time.monotonic() > give_up:
                    raise
                self.retried += 1
                try:
                    connection.close()
                except Exception:
                    connection.connection = None
                time.sleep(0.1)

    def report(self) -> dict:
        return {"run": self.run, "done": self.done, "replayed": self.replayed, "retried": self.retried}


def write(run: str, count: str, start: str = "0") -> dict:
    writer = Writer(run)
    began = time.monotonic()
    for n in range(int(start), int(count)):
        writer.act(n)
    return {**writer.report(), "seconds": round(time.monotonic() - began, 2)}


def base(code: str) -> dict:
    """Base data entered at the hub: a domain (执法领域) and an officer of the body (as the province records them)."""
    import zlib

    from yuezhifa.org.models import EnforcementBody
    from yuezhifa.org.tests.factories import DomainFactory, OfficerFactory, make_id_number

    domain = DomainFactory(code=f"drill-{code}", name=f"故障演练领域{code}")
    officer = OfficerFactory(name=f"演练执法员{code}", body=EnforcementBody.objects.order_by("name").first(),
                             id_number=make_id_number(zlib.crc32(code.encode()), birth="19900101"))
    return {"domain": str(domain.pk), "officer": str(officer.pk)}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")
    django.setup()
    step, *args = sys.argv[1:]
    print(json.dumps({"users": users, "write": write, "base": base}[step](*args), default=str))
