"""Generate many realistic penalty cases fast, for benchmarks (used by ``bench/bench_cases.py``; not a benchmark itself).

The cases are not invented row by row. For every body a small set of *template* cases is taken through the real
procedure with ``services.act_perform`` (so their acts, derived cache, deadline rows, documents and numbers are exactly
what the engine writes), in every stage from 立案调查 to 已结案 and with 5-20 acts each. Each template is then cloned
with ``bulk_create``: a new case id, new act ids with the hash chain recomputed over the new case, the next 案号 and
文书文号 of the body (the number sequences are advanced to match), another party name, and the same acts, deadlines
and documents with those identifiers substituted in their JSON. The clone is what ``act_perform`` would have written
for the same log on another case, without paying ``act_perform`` a hundred thousand times.

Must run with Django set up, inside a database the caller owns (the bench's test database).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import re
import sys
import time
import uuid
from dataclasses import dataclass, field

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

# (shape, share of the generated cases, number of 证据登记 acts in its two templates)
SHAPES = [
    ("investigation", 0.25, (1, 16)),  # 5 and 20 acts
    ("review", 0.10, (2, 7)),
    ("notice", 0.10, (0, 5)),
    ("statement", 0.05, (1, 6)),
    ("decided", 0.05, (0, 5)),
    ("execution", 0.15, (1, 6)),
    ("closed", 0.25, (0, 8)),  # 12 and 20 acts
    ("simple", 0.05, (0,)),  # 简易程序, 6 acts
]
DISTRICTS = [("440106", "天河区", "穗天"), ("440104", "越秀区", "穗越"), ("440105", "海珠区", "穗海"),
             ("440111", "白云区", "穗白"), ("440103", "荔湾区", "穗荔"), ("440112", "黄埔区", "穗埔"),
             ("440113", "番禺区", "穗番"), ("440114", "花都区", "穗花")]
NAME_HEADS = ["禾盛", "恒丰", "粤华", "金穗", "南湖", "新宏", "嘉利", "万顺", "永泰", "佳美", "天成", "信达"]
NAME_TAILS = ["商贸有限公司", "食品店", "便利店", "超市有限公司", "餐饮管理有限公司", "贸易商行"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the world --------------------------------------------------------------------------------------------------


@dataclass
class BodyWorld:
    body: object
    officer: object  # User: 执法人员, scope 本单位, is officer A
    head: object  # User: 负责人, scope 本级及下级
    officer_ids: list[str]
    party: dict


@dataclass
class World:
    bodies: list[BodyWorld]
    item: object
    province: object
    simple_item: object  # an item without a benchmark in force, for the 简易程序 cases


def build_world(n_bodies: int) -> World:
    """A provincial market regulator with ``n_bodies`` district regulators under it, each with three certified
    officers, an officer account (本单位) and a head (本级及下级); the food-safety item of 食品安全法 第一百二十四条
    with the province's active benchmark."""
    from yuezhifa.core.actors import SYSTEM
    from yuezhifa.discretion import services as discretion_services
    from yuezhifa.discretion.tests import factories as f
    from yuezhifa.documents.samples import credit_code
    from yuezhifa.org.models import Role, Scope
    from yuezhifa.org.tests.factories import (
        BodyFactory,
        CertificateFactory,
        DomainFactory,
        OfficerFactory,
        UserFactory,
        division,
    )

    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    market = DomainFactory(code="market", name="市场监管")
    justice = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    province = BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market])
    bodies = []
    for index in range(n_bodies):
        code, district, short = DISTRICTS[index % len(DISTRICTS)]
        suffix = "" if index < len(DISTRICTS) else str(index // len(DISTRICTS) + 1)
        body = BodyFactory(name=f"广州市{district}市场监督管理局{suffix}", short_name=f"{short}市监{suffix}",
                           division=division(code, district, gz), parent=province, domains=[market],
                           address=f"广州市{district}府前路1号", phone="020-38622315")
        officers = []
        for name in ("陈志强", "林晓燕", "周建国"):
            person = OfficerFactory(name=name, body=body)
            CertificateFactory(officer=person, issued_by=justice, valid_from=datetime.date(2020, 1, 1),
                               valid_until=datetime.date(2030, 12, 31), domains=[market])
            officers.append(person)
        officer = UserFactory(username=f"officer{index}", real_name=officers[0].name, body=body, officer=officers[0],
                              roles=[(Role.OFFICER, Scope.BODY)])
        head = UserFactory(username=f"head{index}", real_name=f"负责人{index}", body=body,
                           roles=[(Role.HEAD, Scope.SUBTREE)])
        party = {"kind": "organisation", "name": f"广州{NAME_HEADS[index % len(NAME_HEADS)]}商贸有限公司",
                 "credit_code": credit_code(f"91440106MA5DQ{index:03d}X"), "legal_representative": "梁文斌",
                 "address": f"广州市{district}荷光路86号首层", "phone": "13926470318"}
        bodies.append(BodyWorld(body, officer, head, [str(o.pk) for o in officers[:2]], party))
    food = f.law()
    art124 = f.article(food, 124, "第一百二十四条 违反本法规定，有下列情形之一……")
    item = f.item(art124, name="对经营超过保质期的食品的行政处罚")
    benchmark = discretion_services.benchmark_create(actor=SYSTEM, item=item, issuing_body=province,
                                                     **f.food_124(art124))
    discretion_services.benchmark_activate(actor=SYSTEM, benchmark=benchmark)
    licence = f.article(f.law("中华人民共和国市场主体登记管理条例"), 48, "第四十八条 市场主体未依照本条例办理变更登记的……")
    simple_item = f.item(licence, name="对未按规定将营业执照置于住所醒目位置的行政处罚")
    return World(bodies, item, province, simple_item)


# --- templates: real cases through the real procedure ------------------------------------------------------------


def _script(shape: str, evidence: int, world: World, bw: BodyWorld) -> tuple[str, list[tuple]]:
    """(procedure, [(code, who, hours after registration, data)]) taking a case to ``shape``."""
    ids, item = bw.officer_ids, world.item.code
    if shape == "simple":
        item = world.simple_item.code
        return "penalty.simple", [
            ("register_source", "officer", 0, {"source_kind": "on_site", "cause": "未将营业执照置于住所醒目位置",
                                               "summary": "执法人员巡查发现。"}),
            ("decide_on_spot", "officer", 1, {
                "item": item, "party": bw.party, "facts": "经营场所未悬挂营业执照。",
                "violated": ["《中华人民共和国市场主体登记管理条例》第三十六条"],
                "basis": ["《中华人民共和国行政处罚法》第五十一条"], "penalties": {"fine": "200"},
                "officers": ids, "certificates_shown": True, "_place": bw.party["address"]}),
            ("collect_on_spot", "officer", 1.5, {"amount": "200", "ground": "hard_later", "receipt": "粤财罚00012345"}),
            ("hand_over_cash", "officer", 20, {"amount": "200", "received_by": "财务科李会计"}),
            ("report_record", "officer", 24, {"note": "当场处罚，报局备案。"}),
            ("close", "officer", 48, {"summary": "罚款已当场收缴并交至本机关，结案。"}),
        ]
    steps: list[tuple] = [
        ("register_source", "officer", 0, {"source_kind": "inspection", "cause": "经营超过保质期的食品",
                                           "summary": "日常监督检查发现货架上有超过保质期的食品。"}),
        ("verify_source", "officer", 2, {"findings": "现场核实，情况属实。", "conclusion": "file", "officers": ids}),
        ("file", "head", 48, {"item": item, "party": bw.party, "violation_date": None,
                              "summary": ["发现超过保质期的食品。"], "handlers": ids}),
        ("investigate", "officer", 96, {"kind": "inspection", "subject": bw.party["name"],
                                        "record": ["现场检查记录：货架上有超过保质期的食品十二包。"], "officers": ids,
                                        "certificates_shown": True}),
    ]
    for n in range(evidence):
        steps.append(("collect_evidence", "officer", 100 + n, {
            "kind": ["documentary", "physical", "audiovisual", "testimony"][n % 4], "title": f"进货台账第{n + 1}页",
            "description": "证明涉案食品的进货来源和数量。", "officers": ids}))
    if shape == "investigation":
        return "penalty.general", steps
    steps.append(("finish_investigation", "officer", 240, {
        "facts": ["销售超过保质期的食品。"], "evidence": ["现场检查笔录", "进货台账"],
        "violated": ["《中华人民共和国食品安全法》第三十四条第（十）项"],
        "basis": ["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], "circumstances": [],
        "amounts": {"goods_value": "486.60"}, "proposal": "penalty", "officers": ids}))
    if shape == "review":
        return "penalty.general", steps
    steps.append(("review", "head", 260, {"outcome": "penalty", "opinion": "同意给予行政处罚。"}))
    steps.append(("notify", "officer", 280, {
        "proposed": {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
        "facts": ["销售超过保质期的食品。"], "reasons": "一般情形。", "basis": ["食品安全法第一百二十四条"],
        "served_on": None, "service_method": "direct"}))
    if shape == "notice":
        return "penalty.general", steps
    if shape == "statement":
        steps.append(("record_statement", "officer", 300, {"content": "当事人称系店员疏忽，请求从轻。",
                                                           "review": "所称情况不构成从轻情节，不予采纳。"}))
        return "penalty.general", steps
    steps.append(("record_statement", "officer", 300, {"waived": True, "waives_hearing": True}))
    steps.append(("decide", "head", 320, {"penalties": {"fine": "75000", "confiscate_income": "3200",
                                                        "confiscate_property": "486.60"}, "amounts": {"goods_value": "486.60"},
                                          "opinion": "同意。"}))
    if shape == "decided":
        return "penalty.general", steps
    steps.append(("serve", "officer", 340, {"method": "direct", "served_on": None, "recipient": "梁文斌",
                                            "officers": ids}))
    if shape == "execution":
        return "penalty.general", steps
    steps.append(("record_payment", "officer", 500, {"amount": "75000", "paid_on": None, "receipt": "粤非税00987"}))
    steps.append(("close", "head", 600, {"summary": "罚款已缴清，没收物品已处理，结案。"}))
    return "penalty.general", steps


def perform_script(world: World, bw: BodyWorld, shape: str, evidence: int, start: datetime.datetime):
    """Take one new case of ``bw``'s body through ``shape`` with ``act_perform``, starting at ``start``."""
    from yuezhifa.cases import services

    procedure, steps = _script(shape, evidence, world, bw)
    case = None
    for code, who, hours, data in steps:
        when = start + datetime.timedelta(hours=hours)
        data = dict(data)
        for key in ("violation_date", "served_on", "paid_on"):
            if key in data:
                data[key] = (start.date() - datetime.timedelta(days=3) if key == "violation_date"
                             else when.date()).isoformat()
        place = data.pop("_place", "")
        actor = bw.head if who == "head" else bw.officer
        if case is None:
            case = services.case_open(actor=actor, procedure=procedure, data=data, performed_at=when, body=bw.body)
        else:
            services.act_perform(actor=actor, case=case, code=code, data=data, performed_at=when, place=place)
    return case


# --- cloning ------------------------------------------------------------------------------------------------------

PREV = "@@PREV_HASH@@"  # stands for the clone's previous act hash in a template act's canonical payload


class Row:
    """One template row as the database takes it: every column prepared once (``get_db_prep_save``), the columns a
    clone changes named by attribute."""

    def __init__(self, instance, dynamic: tuple[str, ...], now):
        from django.db import connection
        from django.db.models import AutoField, BigAutoField

        fields = [f for f in type(instance)._meta.concrete_fields if not isinstance(f, AutoField | BigAutoField)]
        self.table = type(instance)._meta.db_table
        self.columns = tuple(f.column for f in fields)
        self.base = [None if f.attname in dynamic else _prepared(f, instance, now, connection) for f in fields]
        self.slot = {f.attname: i for i, f in enumerate(fields)}

    def make(self, **values) -> list:
        row = list(self.base)
        for name, value in values.items():
            row[self.slot[name]] = value
        return row


def _prepared(f, instance, now, connection):
    """A column's value as the database takes it; JSON as its text (COPY and executemany both take that)."""
    from django.db.models import JSONField

    value = now if f.attname in ("created_at", "updated_at") else getattr(instance, f.attname)
    if isinstance(f, JSONField):
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return f.get_db_prep_save(value, connection)


@dataclass
class Template:
    case: object
    shape: str
    rows: dict = field(default_factory=dict)
    acts: list = field(default_factory=list)  # [(Row, data text, canonical payload text with PREV, old pk)]
    documents: list = field(default_factory=list)  # [(Row, context text, old act pk, old number)]
    numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # old number -> (kind, year)
    party_names: list[str] = field(default_factory=list)
    pattern: re.Pattern | None = None


def _canonical(act, prev: str) -> str:
    payload = act.payload()
    payload["prev_hash"] = prev
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def load_template(case, shape: str, now) -> Template:
    from yuezhifa.cases.models import Act, Case, CaseDocument

    case = Case.objects.select_related("body").get(pk=case.pk)
    t = Template(case=case, shape=shape)
    t.rows["case"] = Row(case, ("id", "number", "sequence", "last_hash"), now)
    parties = list(case.parties.all())
    t.rows["party"] = [Row(p, ("id", "case_id", "name"), now) for p in parties]
    t.party_names = [p.name for p in parties]
    t.rows["deadline"] = [Row(d, ("id", "case_id"), now) for d in case.deadlines.all()]
    t.rows["handler"] = [Row(h, ("case_id",), now) for h in Case.handlers.through.objects.filter(case=case)]
    for act in Act.objects.filter(case=case).order_by("seq"):
        t.acts.append((Row(act, ("id", "case_id", "data", "prev_hash", "hash"), now),
                       json.dumps(act.data, ensure_ascii=False), _canonical(act, PREV), act.pk))
    for doc in CaseDocument.objects.filter(case=case).order_by("created_at"):
        t.documents.append((Row(doc, ("id", "case_id", "act_id", "number", "context"), now),
                            json.dumps(doc.context, ensure_ascii=False), doc.act_id, doc.number))
        if doc.number:
            t.numbers[doc.number] = (doc.doc_type, int(re.search(r"〔(\d{4})〕", doc.number).group(1)))
    if case.number:
        t.numbers[case.number] = ("case", case.year)
    olds = [str(case.pk), *t.numbers, *t.party_names]
    t.pattern = re.compile("|".join(re.escape(o) for o in sorted(set(olds), key=len, reverse=True)))
    return t


class Cloner:
    """Writes clones of templates in batches (COPY on PostgreSQL, executemany on SQLite); numbers continue each
    body's sequences."""

    TABLE_ORDER = ("case", "party", "act", "deadline", "document", "handler")

    def __init__(self, batch_cases: int = 2000):
        from django.db import connection

        from yuezhifa.cases.models import NumberSequence

        self.batch_cases = batch_cases
        self.postgres = connection.vendor == "postgresql"
        self.counters = {(s.body_id, s.kind, s.year): s.last for s in NumberSequence.objects.all()}
        self.rows: dict[str, list] = {k: [] for k in self.TABLE_ORDER}
        self.shape: dict[str, Row] = {}
        self.pending = self.written = self.serial = 0
        self.checked: set = set()

    def _uuid(self):
        value = uuid.uuid4()
        return value if self.postgres else value.hex

    def _next(self, body, kind: str, year: int) -> str:
        from yuezhifa.cases.numbering import format_number

        key = (body.pk, kind, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return format_number(body, kind, year, self.counters[key])

    def _add(self, kind: str, row: Row, values: list) -> None:
        self.shape.setdefault(kind, row)
        self.rows[kind].append(values)

    def clone(self, t: Template, rng: random.Random) -> None:
        self.serial += 1
        case_uuid = uuid.uuid4()
        case_id = case_uuid if self.postgres else case_uuid.hex
        mapping = {str(t.case.pk): str(case_uuid)}
        for old, (kind, year) in t.numbers.items():
            mapping[old] = self._next(t.case.body, kind, year)
        for name in t.party_names:
            mapping[name] = f"广州{rng.choice(NAME_HEADS)}{self.serial}{rng.choice(NAME_TAILS)}"

        def sub(text: str) -> str:
            return t.pattern.sub(lambda m: mapping[m.group(0)], text)

        prev, act_ids = "", {}
        for row, data, canonical, old_pk in t.acts:
            digest = hashlib.sha256(sub(canonical).replace(PREV, prev).encode("utf-8")).hexdigest()
            act_ids[old_pk] = self._uuid()
            self._add("act", row, row.make(id=act_ids[old_pk], case_id=case_id, data=sub(data), prev_hash=prev,
                                           hash=digest))
            prev = digest
        number = mapping.get(t.case.number) if t.case.number else None
        sequence = int(re.search(r"〕(\d+)号", number).group(1)) if number else None
        self._add("case", t.rows["case"], t.rows["case"].make(id=case_id, number=number, sequence=sequence,
                                                              last_hash=prev))
        for row, name in zip(t.rows["party"], t.party_names, strict=True):
            self._add("party", row, row.make(id=self._uuid(), case_id=case_id, name=mapping[name]))
        for row in t.rows["deadline"]:
            self._add("deadline", row, row.make(id=self._uuid(), case_id=case_id))
        for row, context, act_pk, old_number in t.documents:
            self._add("document", row, row.make(id=self._uuid(), case_id=case_id, act_id=act_ids[act_pk],
                                                number=mapping[old_number] if old_number else "",
                                                context=sub(context)))
        for row in t.rows["handler"]:
            self._add("handler", row, row.make(case_id=case_id))
        self.pending += 1
        if self.pending >= self.batch_cases:
            self.flush()
        if id(t) not in self.checked:  # the first clone of each template: its chain must verify from the database
            self.flush()
            self.checked.add(id(t))
            _verify_acts(case_uuid)

    def flush(self) -> None:
        from django.db import connection, transaction

        if not self.pending:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for kind in self.TABLE_ORDER:
                rows = self.rows[kind]
                if not rows:
                    continue
                row = self.shape[kind]
                table = connection.ops.quote_name(row.table)
                columns = ", ".join(connection.ops.quote_name(c) for c in row.columns)
                if self.postgres:
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for values in rows:
                            copy.write_row(values)
                else:
                    marks = ", ".join(["%s"] * len(row.columns))
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
                rows.clear()
        self.written += self.pending
        self.pending = 0

    def finish(self) -> None:
        """Write what is left and advance the number sequences past the numbers the clones took."""
        from yuezhifa.cases.models import NumberSequence

        self.flush()
        for (body_id, kind, year), last in self.counters.items():
            NumberSequence.objects.update_or_create(body_id=body_id, kind=kind, year=year, defaults={"last": last})


def _verify_acts(case_id) -> None:
    """The clone's acts, read back, chain and hash as ``Act.compute_hash`` says."""
    from yuezhifa.cases.models import Act, Case

    prev = ""
    for act in Act.objects.filter(case_id=case_id).order_by("seq"):
        if act.prev_hash != prev or act.compute_hash() != act.hash:
            raise RuntimeError(f"复制的案件 {case_id} 第 {act.seq} 个行为的哈希不符。")
        prev = act.hash
    if Case.objects.get(pk=case_id).last_hash != prev:
        raise RuntimeError(f"复制的案件 {case_id} 的 last_hash 不符。")


@dataclass
class Generated:
    world: World
    templates: list[Template]
    cases: int
    seconds_templates: float
    seconds_clones: float
    long_case: object = None  # a case with ``long_acts`` acts, not cloned


def generate(total: int, *, n_bodies: int = 4, seed: int = 1, long_acts: int = 100) -> Generated:
    """``total`` cases over ``n_bodies`` bodies (templates included), plus one case of ``long_acts`` acts in the
    first body (to show that reading a case does not cost more queries with a longer log)."""
    from django.utils import timezone

    rng = random.Random(seed)
    world = build_world(n_bodies)
    now = timezone.now().astimezone(SHANGHAI)
    today9 = now.replace(hour=9, minute=0, second=0, microsecond=0)

    def start() -> datetime.datetime:
        return today9 - datetime.timedelta(days=rng.randint(45, 600))

    began = time.perf_counter()
    templates: list[Template] = []
    for bw in world.bodies:
        for shape, _share, variants in SHAPES:
            for evidence in variants:
                case = perform_script(world, bw, shape, evidence, start())
                templates.append(load_template(case, shape, now))
    long_case = perform_script(world, world.bodies[0], "investigation", long_acts - 4, today9 - datetime.timedelta(
        days=30))
    seconds_templates = time.perf_counter() - began
    log(f"  模板案件 {len(templates)} 件（+1 件 {long_acts} 个行为）：{seconds_templates:.1f} 秒")

    began = time.perf_counter()
    cloner = Cloner()
    by_shape: dict[str, list[Template]] = {}
    for t in templates:
        by_shape.setdefault(t.shape, []).append(t)
    shares = {shape: share for shape, share, _ in SHAPES}
    shapes = list(shares)
    weights = [shares[s] for s in shapes]
    remaining = max(0, total - len(templates))
    for n in range(remaining):
        shape = rng.choices(shapes, weights)[0]
        cloner.clone(rng.choice(by_shape[shape]), rng)
        if (n + 1) % 20000 == 0:
            log(f"  已复制 {n + 1}/{remaining} 件（{time.perf_counter() - began:.0f} 秒）")
    cloner.finish()
    seconds_clones = time.perf_counter() - began
    return Generated(world, templates, len(templates) + cloner.written, seconds_templates, seconds_clones, long_case)


if __name__ == "__main__":
    print("bench/casegen.py 是 bench/bench_cases.py 使用的数据生成模块，本身不是基准测试。", file=sys.stderr)
