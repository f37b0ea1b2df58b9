"""The public site: every page rendered from a generated dataset holds no natural person's ID number, phone or home
address (处罚法 第50条; 个人信息保护法 第28条); bad input gets a Chinese message or an empty result, never a server
error, never another body's data, always escaped; the before-disclosure pages show nothing personal."""

import copy
import csv
import io
import json
import re

import pytest
import time_machine

from yuezhifa.cases.tests.conftest import Runner, make_world
from yuezhifa.core.identifiers import is_valid_resident_id

from .. import services
from ..models import PublishedResult
from .conftest import at, decide_general, decide_on_spot, person, store_party

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _early_december_2026():
    """The results below are decided and published in November 2026 and looked at days later, while they are still
    displayed (LEGAL.md §5: low-level results for a few months only), whatever day the suite runs on."""
    with time_machine.travel(at("2026-12-01 10:00"), tick=True):
        yield

ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
STREET_NUMBER_RE = re.compile(r"(?:路|街|巷|弄|村|大道)\d+号")
# Record identifiers in links: random, not personal, but their digits may happen to look like a phone number.
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

PEOPLE = [  # (party, facts mentioning other people, their phones, IDs and addresses)
    (person("何俊峰", "44010619850312201", address="广州市天河区建设三路118号502房", phone="13926470318"),
     "当事人何俊峰（身份证号{id}，手机13926470318）住广州市天河区建设三路118号502房，在天河区汇景广场3号铺销售过期食品；"
     "店员王小明（电话13712345678，住址：广州市白云区机场路12号）称货品来自其表哥陈大文。"),
    (person("刘美玲", "44010219900101302", address="广州市越秀区北京路200号8楼", phone="18602001234"),
     "经查，当事人刘美玲居住在广州市越秀区北京路200号8楼，联系电话 186-0200-1234，身份证 {id}，"
     "于2026年11月在天河路168号摊档销售过期食品，消费者张伟（15999887766）投诉。其银行账号6222021234567890123。"),
    (person("黄志明", "44030519751230401", address="深圳市南山区科技园南路88号", phone="13500001111"),
     "当事人黄志明，家住深圳市南山区科技园南路88号，手机号码：13500001111，身份证号码{id}，患有高血压，"
     "在广州市天河区体育西路55号销售过期食品。"),
]


def _publish_dataset(run) -> list:
    """Published results of natural persons (general and on-the-spot) and of an organisation."""
    results = []
    for index, (party, facts) in enumerate(PEOPLE):
        text = facts.format(id=party["id_number"])
        if index % 2:
            case = decide_on_spot(run, party=party, facts=text, when=f"2026-11-2{index} 10:00")
        else:
            case = decide_general(run, party=party, facts=[text], penalties={
                "fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
                interviewee={"name": "王小明", "relation": "店员", "phone": "13712345678",
                             "address": "广州市白云区机场路12号"})
        results.append(services.publish_decision(actor=run.world["users"]["head"], case=case,
                                                 approved_at=at("2026-11-24 10:00")))
    org = decide_general(run, party=store_party(), facts=[
        "当事人在广州市天河区棠下荷光路86号首层销售过期食品，现场负责人李强（身份证号440106198001011237，"
        "电话13922223333）在场。"])
    results.append(services.publish_decision(actor=run.world["users"]["head"], case=org,
                                             approved_at=at("2026-11-24 10:00")))
    return results


@pytest.fixture(scope="class")
def _published(shared_atomic):
    """The world and the dataset (four cases through the engine, their documents rendered: seconds), built once for
    the tests of ``TestOnOnePublishedDataset`` and rolled back after them (root conftest: ``shared_atomic``)."""
    with shared_atomic(at("2026-12-01 10:00")):
        world = make_world()
        yield world, _publish_dataset(Runner(world))


def _pages(client, results) -> dict[str, str]:
    urls = ["/gongshi/", "/gongshi/results/", "/gongshi/results/?q=何俊峰", "/gongshi/results/?q=过期食品",
            "/gongshi/feed/", "/gongshi/statistics/", "/gongshi/bodies/", "/gongshi/officers/", "/gongshi/items/",
            "/gongshi/procedures/", "/gongshi/benchmarks/", "/gongshi/withdrawn/", "/api/v1/disclosure/results/",
            "/api/v1/disclosure/results/?q=刘美玲", "/api/v1/disclosure/statistics/"]
    urls += [f"/gongshi/results/{r.pk}/" for r in results] + [f"/api/v1/disclosure/results/{r.pk}/" for r in results]
    urls += [f"/gongshi/bodies/{r.body_id}/" for r in results[:1]]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for url in ("/gongshi/export.csv", "/gongshi/export.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = b"".join(response.streaming_content).decode()
    return pages


def test_the_party_name_can_be_masked_by_setting(run):
    from yuezhifa.core.actors import SYSTEM

    services.settings_update(actor=SYSTEM, mask_person_names=True)
    party, facts = PEOPLE[1]
    case = decide_on_spot(run, party=party, facts=facts.format(id=party["id_number"]))
    result = services.publish_decision(actor=SYSTEM, case=case, approved_at=at("2026-11-24 10:00"))
    assert result.party_name == "刘**" and "刘美玲" not in result.facts and "刘某某" in result.facts


def test_before_disclosure_pages_show_nothing_personal(run, client):
    officer = run.world["officers"]["chen"]
    certificate = officer.certificates.get()
    page = client.get("/gongshi/officers/").content.decode()
    assert officer.name in page and certificate.number in page and "市场监管" in page
    assert officer.id_number not in page and (not officer.phone or officer.phone not in page)
    assert "黄过期" not in page  # expired certificate: not an enforcement officer today
    body_page = client.get(f"/gongshi/bodies/{run.world['body'].pk}/").content.decode()
    assert certificate.number in body_page and officer.id_number not in body_page
    items = client.get("/gongshi/items/").content.decode()
    assert run.world["item"].name in items and "第一百二十四条" in items
    benchmarks = client.get("/gongshi/benchmarks/").content.decode()
    assert run.world["item"].name in benchmarks
    from yuezhifa.discretion.models import Benchmark

    detail = client.get(f"/gongshi/benchmarks/{Benchmark.objects.get(status='active').pk}/").content.decode()
    assert "一般" in detail and "从重" in detail
    procedures = client.get("/gongshi/procedures/").content.decode()
    assert ("申请行政复议" in procedures and "作出处罚决定" in procedures) or "处罚决定" in procedures
    assert client.get("/gongshi/bodies/nonsense/").status_code == 404
    assert client.get("/gongshi/results/nonsense/").status_code == 404


# The dataset takes seconds to build, so each of these walks its cases over one dataset (the item is named on failure).
HOSTILE_QUERIES = ["' OR 1=1 --", "\"; DROP TABLE disclosure_publishedresult; --", "<script>alert(1)</script>",
                   "罚款 NEAR(a b) AND *", "%_%", "\x00", "　", "号〔〕"]


BAD_INPUT = [
    ({"q": "罚" * 101}, "检索词过长"),
    ({"date_from": "2026-13-45"}, "格式不正确"),
    ({"date_from": "0001-01-01"}, "2000 年至 2100 年"),
    ({"date_from": "2026-12-01", "date_to": "2026-01-01"}, "不能晚于"),
    ({"date_to": "99999-01-01"}, "格式不正确"),
    ({"body": "not-a-uuid"}, "执法主体参数无效"),
    ({"page": "-3"}, "页码"),
    ({"page": "100000"}, "前 500 条"),
    ({"page": "abc"}, "页码"),
]


class TestOnOnePublishedDataset:
    """The public site over one published dataset, shared by the class's tests (``_published``)."""

    @pytest.fixture
    def world(self, _published, db):
        return copy.deepcopy(_published[0])

    @pytest.fixture
    def dataset(self, _published, db):
        return copy.deepcopy(_published[1])

    def test_no_personal_data_on_any_public_page(self, dataset, client):
        pages = _pages(client, dataset)
        secrets = {"13926470318", "13712345678", "18602001234", "15999887766", "13500001111", "13922223333",
                   "建设三路118号", "机场路12号", "北京路200号", "科技园南路88号", "6222021234567890123", "高血压",
                   "王小明", "陈大文", "张伟", "李强"}
        secrets |= {party["id_number"] for party, _facts in PEOPLE}
        for url, text in pages.items():
            plain = json.loads(text) if url.startswith("/api/") else None
            if plain is not None:
                text = json.dumps(plain, ensure_ascii=False)
            text = UUID_RE.sub("", text)
            ids = [m for m in ID_RE.findall(text) if is_valid_resident_id(m)]
            assert not ids, (url, ids)
            assert not PHONE_RE.findall(text), (url, PHONE_RE.findall(text))
            # the only street addresses left are the store's premises and the body's office (not natural persons' homes)
            assert set(STREET_NUMBER_RE.findall(text)) <= {"路86号", "路1号"}, (url, STREET_NUMBER_RE.findall(text))
            leaked = [s for s in secrets if s in text]
            assert not leaked, (url, leaked)
        # the punished parties are named, the others pseudonymised
        detail = pages[f"/gongshi/results/{dataset[0].pk}/"]
        assert "何俊峰" in detail and "王某某" in detail and "陈某某" in detail and "住址：***" in detail
        assert "何俊峰" in pages["/gongshi/results/?q=何俊峰"]


    def test_hostile_queries_are_text(self, dataset, client):
        for q in HOSTILE_QUERIES:
            response = client.get("/gongshi/results/", {"q": q})
            assert response.status_code == 200, q
            page = response.content.decode()
            assert "<script>alert(1)</script>" not in page, q
            assert PublishedResult.objects.count() == len(dataset), q
            api = client.get("/api/v1/disclosure/results/", {"q": q})
            assert api.status_code == 200 and "<script>" not in json.dumps(api.json(), ensure_ascii=True), q


    def test_bad_input_gets_a_chinese_message(self, dataset, client):
        for params, field_text in BAD_INPUT:
            response = client.get("/gongshi/results/", params)
            assert response.status_code == 400 and field_text in response.content.decode(), params
            api = client.get("/api/v1/disclosure/results/", params)
            assert api.status_code in (400, 422) and field_text in api.json()["detail"], params
            assert api["Content-Type"].startswith("application/problem+json"), params


    def test_a_body_filter_never_shows_another_bodys_results(self, dataset, client, run):
        other = run.world["other"]
        response = client.get("/gongshi/results/", {"q": "何俊峰", "body": str(other.pk)})
        assert response.status_code == 200 and "找到 0 条" in response.content.decode()
        response = client.get("/gongshi/results/", {"body": str(other.pk)})
        assert "共 0 条" in response.content.decode()
        unknown = client.get("/gongshi/results/", {"q": "何俊峰", "body": "00000000-0000-0000-0000-000000000000"})
        assert "找到 0 条" in unknown.content.decode()
        own = client.get("/gongshi/results/", {"q": "何俊峰", "body": str(run.world["body"].pk)}).content.decode()
        assert dataset[0].document_number in own


    def test_search_by_credit_code_document_number_and_dates(self, dataset, client):
        org = dataset[-1]
        assert org.document_number in client.get("/gongshi/results/", {"q": org.party_credit_code}).content.decode()
        by_number = client.get("/gongshi/results/", {"q": org.document_number}).content.decode()
        assert "找到 1 条" in by_number and org.party_name in by_number
        dated = client.get("/gongshi/results/", {"q": "过期食品", "date_from": "2026-11-20", "date_to": "2026-11-30"})
        text = dated.content.decode()
        assert dataset[1].document_number in text and dataset[0].document_number not in text


    def test_absurd_date_range_is_an_empty_result(self, dataset, client):
        response = client.get("/gongshi/results/", {"date_from": "2000-01-01", "date_to": "2000-01-02"})
        assert response.status_code == 200 and "共 0 条" in response.content.decode()


    def test_export_in_the_shuang_gongshi_layout_and_limits(self, dataset, client):
        response = client.get("/gongshi/export.csv", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
        text = b"".join(response.streaming_content).decode()
        header = text.lstrip("\ufeff").splitlines()[0].split(",")
        assert header[:4] == ["CF_WSH", "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM"] and "CF_GSJZQ" in header
        assert "7.500000" in text  # 75,000 yuan in 万元
        data = json.loads(b"".join(client.get("/gongshi/export.json").streaming_content).decode())
        assert len(data["records"]) == len(dataset) and data["records"][0]["CF_CFJG"] == "广州市天河区市场监督管理局"
        from yuezhifa.core.actors import SYSTEM

        services.settings_update(actor=SYSTEM, export_max_rows=2)
        refused = client.get("/gongshi/export.csv")
        assert refused.status_code == 422 and "超出一次导出的上限" in refused.content.decode()
        wide = client.get("/gongshi/export.json", {"date_from": "2000-01-01", "date_to": "2026-12-31"})
        assert wide.status_code == 422 and "日期跨度" in wide.json()["detail"]
        bad = client.get("/gongshi/export.csv", {"date_from": "yesterday"})
        assert bad.status_code == 422 and "格式不正确" in bad.content.decode()


    def test_csv_export_writes_formula_like_text_as_text(self, dataset, client):
        """Officers' free text (the facts) reaches the open-data CSV: a cell a spreadsheet would run as a formula gets a
        leading quote; the fine in 万元 stays a number."""
        PublishedResult.objects.filter(pk=dataset[0].pk).update(facts="=1+2", party_name="@SUM(1,2)")
        text = b"".join(client.get("/gongshi/export.csv").streaming_content).decode()
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        header = rows[0]
        row = next(r for r in rows[2:] if r[header.index("CF_WSH")] == dataset[0].document_number)
        assert row[header.index("CF_SY")] == "'=1+2" and row[header.index("CF_XDR_MC")] == "'@SUM(1,2)"
        assert row[header.index("CF_NR_FK")] == "7.500000"
        assert not any(cell[:1] in "=+-@\t\r" and cell for r in rows for cell in r)


    def test_feed_is_atom_with_the_new_results(self, dataset, client):
        response = client.get("/gongshi/feed/")
        assert response["Content-Type"].startswith("application/atom+xml")
        text = response.content.decode()
        assert text.count("<entry>") == len(dataset) and "何俊峰" in text


    def test_public_pages_need_no_login_and_few_queries(self, dataset, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            assert client.get("/gongshi/results/").status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get("/gongshi/officers/").status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get("/gongshi/items/").status_code == 200


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏飞俊峰婷慧海燕晓东雪梅"
DISTRICTS = ["广州市白云区", "广州市海珠区", "广州市番禺区", "佛山市南海区", "深圳市福田区", "东莞市南城街道"]
ROADS = ["机场路", "江南大道", "市桥街", "桂澜北路", "深南大道", "鸿福路", "新港西路"]
CUES = ["住址：", "家住", "居住在", "住", "户籍地址为", "住所地"]
ROLES = ["店员", "员工", "证人", "消费者", "监护人", "邻居"]
HEALTH = ["糖尿病", "高血压", "HIV", "艾滋病", "精神病", "肺癌", "乙肝", "抑郁症"]
HEALTH_CONTEXT = ["自述患{}，曾住院治疗", "经检测{}阳性", "因{}在门诊就医", "有{}病史"]
NUMERALS = [dict(zip("0123456789", "零一二三四五六七八九", strict=True)),
            dict(zip("0123456789", "〇一二三四五六七八九", strict=True)),
            dict(zip("0123456789", "零幺二三四五六七八九", strict=True))]
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _generated_people(seed: int, count: int):
    """Natural persons made up at random (fixed seed): valid ID numbers, mobile numbers written the ways people write
    them, home addresses behind the words that introduce them, and third persons by their role."""
    import random

    from yuezhifa.documents.samples import resident_id

    rng = random.Random(seed)

    def name():
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def chinese(digits: str) -> str:
        table = rng.choice(NUMERALS)
        return "".join(table.get(c, c) for c in digits)

    def mobile():
        digits = rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        number = "1" + digits
        return number, rng.choice([number, f"{number[:3]} {number[3:7]} {number[7:]}", f"{number[:3]}-{number[3:7]}-"
                                   f"{number[7:]}", f"+86 {number}", f"{number[:3]}.{number[3:7]}.{number[7:]}",
                                   chinese(number), chinese(f"{number[:3]} {number[3:7]} {number[7:]}")])

    def home():
        return f"{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{rng.randint(2, 899)}号{rng.randint(101, 2808)}房"

    def room():
        building, unit, number = rng.randint(1, 30), rng.randint(1, 4), f"{rng.randint(1, 33)}{rng.randint(1, 8):02d}"
        return rng.choice([f"{building}栋{number}房", f"{building}-{number}室", f"{number}号房", f"{unit}单元{number}",
                           f"{building}号楼{number}"])

    def plate():
        tail = "".join(rng.choice("0123456789") for _ in range(5))
        letter = rng.choice(PLATE_LETTERS)
        return rng.choice([f"粤{letter}·{tail}", f"粤{letter}{tail}", f"粤{letter}D{tail}", f"粤{letter} {tail}"])

    def id_number():
        birth = f"{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        return resident_id(f"4401{rng.randint(1, 99):02d}{birth}{rng.randint(100, 999)}")

    people = []
    for _ in range(count):
        party_name, (party_phone, party_phone_text), party_home = name(), mobile(), home()
        party_id = id_number()
        other, (other_phone, other_phone_text), other_home = name(), mobile(), home()
        role, cue = rng.choice(ROLES), rng.choice(CUES)
        other_id = id_number()
        other_id_text = rng.choice([other_id, chinese(other_id)])
        health, the_room, the_plate = rng.choice(HEALTH), room(), plate()
        facts = (f"当事人{party_name}（身份证号码{party_id}，联系电话{party_phone_text}）{rng.choice(CUES)}{party_home}，"
                 f"在天河区体育西路55号销售过期食品，货品存放于其租住的{the_room}，由其驾驶{the_plate}运送；"
                 f"{role}{other}（手机{other_phone_text}，{cue}{other_home}，身份证{other_id_text}）在场，"
                 f"{rng.choice(HEALTH_CONTEXT).format(health)}。")
        party = {"kind": "person", "name": party_name, "id_number": party_id, "address": party_home,
                 "phone": party_phone}
        people.append((party, facts, {party_phone, other_phone, other, other_id, health, the_room, the_plate},
                       {party_home, other_home}))
    return people


def _as_digits(text: str) -> str:
    """Chinese numerals read as digits, so a number written out is scanned like one in digits."""
    from ..masking import CHINESE_DIGITS

    return text.translate(str.maketrans(CHINESE_DIGITS))


def test_a_generated_dataset_leaks_nothing_on_any_public_page(run, client):
    people = _generated_people(20261128, 12)
    secrets, homes, results = set(), set(), []
    for index, (party, facts, private, addresses) in enumerate(people):
        when = f"2026-11-{2 + index:02d} 10:00"
        case = decide_on_spot(run, party=party, facts=facts, when=when)
        results.append(services.publish_decision(actor=run.world["users"]["head"], case=case,
                                                 approved_at=at(f"2026-11-{2 + index:02d} 16:00")))
        secrets |= private | {party["id_number"]}
        homes |= addresses
    pages = _pages(client, results)
    for url, text in pages.items():
        if url.startswith("/api/"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        text = UUID_RE.sub("", text)
        compact = re.sub(r"[\s\-+.·]", "", _as_digits(text))
        assert not [m for m in ID_RE.findall(compact) if is_valid_resident_id(m)], url
        assert not PHONE_RE.findall(compact), (url, PHONE_RE.findall(compact))
        leaked = [s for s in secrets | homes if s in text or s in compact]
        assert not leaked, (url, leaked)
        assert not re.findall(r"粤[A-Z]", text), url  # no plate, in any of its spellings
        assert not [w for w in ("住院", "阳性", "门诊", "病史") if w in text], url
        # no road-and-number of anyone's home: only the shop's premises and the body's office remain
        assert set(STREET_NUMBER_RE.findall(text)) <= {"路55号", "路1号"}, (url, STREET_NUMBER_RE.findall(text))
    # the punished persons are named (处罚法 第48条 allows it); their details are not
    assert all(p["name"] in pages[f"/gongshi/results/{r.pk}/"] for (p, *_rest), r in zip(people, results, strict=True))
