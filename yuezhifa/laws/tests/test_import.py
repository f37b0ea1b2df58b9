"""``yzf import-laws``: the corpus into the library (办法 第52条), per-file isolation, idempotence, versions."""

import datetime
import io

import pytest
from django.core.management import call_command

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import NotAllowed
from yuezhifa.laws.models import Law, LawLevel, LawStatus, Provision, ProvisionKind
from yuezhifa.laws.services import laws_import

from .conftest import CORE_FILES

pytestmark = pytest.mark.django_db

MALFORMED = """# 中华人民共和国残缺法

2020年1月1日 通过

<!-- INFO END -->

第一条 第一条的文字。

第二条 下列：

（一）甲；

（三）丙。
"""


def test_core_article_counts_match_source_md(import_corpus):
    """SOURCE.md: 行政处罚法 86, 行政强制法 71, 行政许可法 83 articles."""
    summary = import_corpus(*CORE_FILES.values())
    assert summary.unparseable == []
    counts = {law.short_name: law.article_count for law in Law.objects.all()}
    assert counts == {"行政处罚法": 86, "行政强制法": 71, "行政许可法": 83}
    for law in Law.objects.all():
        assert Provision.objects.filter(law=law, kind=ProvisionKind.ARTICLE).count() == law.article_count


def test_law_fields_from_header_and_metadata(import_corpus):
    import_corpus(CORE_FILES["行政处罚法"])
    law = Law.objects.get()
    assert law.name == "中华人民共和国行政处罚法"
    assert law.short_name == "行政处罚法"
    assert law.level == LawLevel.LAW
    assert law.category == "行政法"
    assert law.issuing_body == "全国人民代表大会常务委员会"
    assert law.publish_date == datetime.date(2021, 1, 22)
    assert law.effective_date == datetime.date(2021, 7, 15)
    assert law.status == LawStatus.IN_FORCE
    assert law.history.startswith("1996年3月17日")
    assert law.source_path == CORE_FILES["行政处罚法"]
    assert len(law.source_sha256) == 64
    assert "行政执法通用" in law.tags


def test_article_paragraph_and_item_are_coded_and_cited(import_corpus):
    """处罚法 第五十一条 (simple procedure) and 第六十三条第一款第（二）项 (hearing on 没收较大数额违法所得)."""
    import_corpus(CORE_FILES["行政处罚法"])
    law = Law.objects.get()
    article = Provision.objects.get(law=law, code="A51")
    assert article.label == "第五十一条"
    assert article.article_number == 51
    assert article.citation == "《中华人民共和国行政处罚法》第五十一条"
    assert article.text.startswith("违法事实确凿并有法定依据")
    assert article.parent.code == "C5.S2" and article.parent.heading == "简易程序"
    item = Provision.objects.get(law=law, code="A63.P1.I2")
    assert item.citation == "《中华人民共和国行政处罚法》第六十三条第一款第（二）项"
    assert item.text.startswith("（二）没收较大数额违法所得")
    assert item.article_number == 63 and item.parent.code == "A63.P1"
    nine = Provision.objects.get(law=law, code="A9.P1.I2")
    assert nine.citation == "《中华人民共和国行政处罚法》第九条第（二）项"  # sole 款 not named
    assert "法律责任" in Provision.objects.get(law=law, code="A76").tags


def test_bad_file_is_listed_with_line_and_reason_and_the_rest_import(copy_corpus):
    root = copy_corpus(CORE_FILES["行政处罚法"], CORE_FILES["行政强制法"], "行政法/食品安全法(*).md")
    (root / "行政法" / "残缺法(2020-01-01).md").write_text(MALFORMED, encoding="utf-8")
    (root / "行政法" / "乱码法(2020-01-01).md").write_bytes("# 乱码法\n\n<!-- INFO END -->\n".encode() + b"\xff\xfe")
    summary = laws_import(actor=SYSTEM, directory=root)
    problems = {p.path: p for p in summary.unparseable}
    assert set(problems) == {"行政法/残缺法(2020-01-01).md", "行政法/乱码法(2020-01-01).md"}
    assert problems["行政法/残缺法(2020-01-01).md"].line == 13
    assert "项序号不连续" in problems["行政法/残缺法(2020-01-01).md"].reason
    assert problems["行政法/乱码法(2020-01-01).md"].line == 4
    assert Law.objects.count() == 3
    assert not Law.objects.filter(name="中华人民共和国残缺法").exists()
    assert summary.summary_line() == f"imported 3 laws, {Provision.objects.count()} provisions, 2 unparseable"


def test_second_run_changes_nothing(import_corpus, copy_corpus):
    """Idempotence: same files, same hashes → no write, not even an audit entry."""
    first = import_corpus(*CORE_FILES.values())
    assert first.created == 3
    audit_count = AuditEntry.objects.count()
    stamps = dict(Provision.objects.values_list("id", "updated_at"))
    root = copy_corpus(*CORE_FILES.values())
    second = laws_import(actor=SYSTEM, directory=root)
    assert (second.created, second.updated, second.provisions, second.status_changed) == (0, 0, 0, 0)
    assert second.unchanged == 3
    assert second.summary_line() == "imported 0 laws, 0 provisions, 0 unparseable"
    assert AuditEntry.objects.count() == audit_count
    assert dict(Provision.objects.values_list("id", "updated_at")) == stamps


def test_one_summary_audit_entry_per_import(import_corpus):
    before = AuditEntry.objects.count()
    import_corpus(*CORE_FILES.values())
    entries = AuditEntry.objects.order_by("seq")[before:]
    assert [e.action for e in entries] == ["laws.law.import"]
    assert entries[0].after["created"] == 3


def test_changed_file_updates_in_place_keeping_provision_ids(copy_corpus):
    """A corrected text keeps the ids of unchanged units, so items citing them stay attached."""
    root = copy_corpus(CORE_FILES["行政强制法"])
    laws_import(actor=SYSTEM, directory=root)
    law = Law.objects.get()
    a25 = Provision.objects.get(law=law, code="A25")
    from yuezhifa.laws.services import law_update, provision_update

    provision_update(actor=SYSTEM, provision=a25, tags=["查封扣押期限"])
    law_update(actor=SYSTEM, law=law, tags=[*law.tags, "市场监管"])
    path = root / CORE_FILES["行政强制法"]
    path.write_text(path.read_text(encoding="utf-8").replace("第七十一条 本法自2012年1月1日起施行。",
                                                             "第七十一条 本法自2012年1月1日起施行。\n\n新增的一款。"),
                    encoding="utf-8")
    summary = laws_import(actor=SYSTEM, directory=root)
    assert (summary.created, summary.updated) == (0, 1)
    assert summary.provisions == 2  # article 71 text changed, its 第二款 added
    a25_after = Provision.objects.get(law=law, code="A25")
    assert a25_after.pk == a25.pk
    assert a25_after.tags[0] == "查封扣押期限"  # an administrator's tags survive the re-import
    assert "市场监管" in Law.objects.get().tags
    assert Provision.objects.get(law=law, code="A71.P2").text == "新增的一款。"


def test_versions_are_chained_and_status_derived(import_corpus):
    """公司法 2018 and 2023 (in force 2024-07-01, from its last article): the older is 已修改 once the newer takes
    effect, and before that day the newer is 尚未生效."""
    import_corpus("民法商法/公司法(*).md", today=datetime.date(2024, 3, 1))
    old, new = Law.objects.order_by("publish_date")
    assert new.previous_version == old
    assert new.effective_date == datetime.date(2024, 7, 1)
    assert (old.status, new.status) == (LawStatus.IN_FORCE, LawStatus.NOT_YET_EFFECTIVE)
    assert old.expiry_date == datetime.date(2024, 7, 1)

    from yuezhifa.laws.services import law_statuses_refresh

    assert law_statuses_refresh(actor=SYSTEM, today=datetime.date(2024, 7, 1)) == 2
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (LawStatus.AMENDED, LawStatus.IN_FORCE)


def test_expired_without_successor_is_repealed_with_successor_amended(import_corpus):
    """立法法 2015 is marked expired in the metadata; the 2023 version supersedes it: 已修改, not 已废止."""
    import_corpus("宪法相关法/立法法(*).md", "行政法规/劳动保障监察条例(*).md")
    old, new = Law.objects.filter(short_name="立法法").order_by("publish_date")
    assert (old.status, new.status) == (LawStatus.AMENDED, LawStatus.IN_FORCE)
    law = Law.objects.get(short_name="劳动保障监察条例")
    law.is_repealed = True
    law.save()
    from yuezhifa.laws.services.versions import apply_versions

    apply_versions(datetime.date(2025, 1, 1))
    law.refresh_from_db()
    assert law.status == LawStatus.REPEALED


def test_same_version_filed_twice_is_imported_once(import_corpus):
    summary = import_corpus("行政法/广告法(*).md", "经济法/广告法(*).md")
    assert Law.objects.count() == 1
    law = Law.objects.get()
    assert law.source_path == "行政法/广告法(2021-04-29).md"
    assert summary.duplicates == [("经济法/广告法(2021-04-29).md", "行政法/广告法(2021-04-29).md")]
    assert "经济法" in law.tags


def test_civil_code_parts_form_one_law(import_corpus):
    import_corpus("民法典")
    law = Law.objects.get()
    assert law.name == "中华人民共和国民法典"
    assert law.source_path == "民法典"
    assert law.article_count == 1260
    assert law.effective_date == datetime.date(2021, 1, 1)
    parts = Provision.objects.filter(law=law, parent=None).order_by("sort_key")
    assert [p.label for p in parts][:2] == ["第一编", "第二编"]
    assert Provision.objects.get(law=law, code="A1260").parent.label == "附则"


def test_only_the_justice_department_may_import(import_corpus, people, copy_corpus):
    root = copy_corpus(CORE_FILES["行政强制法"])
    for name in ("market_admin", "city_justice_admin", "officer"):
        with pytest.raises(NotAllowed):
            laws_import(actor=people[name], directory=root)
    assert laws_import(actor=people["justice_admin"], directory=root).created == 1


def test_command_prints_one_summary_line_last(copy_corpus):
    root = copy_corpus(CORE_FILES["行政强制法"])
    (root / "坏文件(2020-01-01).md").write_text("没有标题\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_laws", str(root), "--no-progress", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == f"imported 1 laws, {Provision.objects.count()} provisions, 1 unparseable"
    assert sum(line.startswith("imported ") for line in lines) == 1
    assert any("坏文件(2020-01-01).md 第 1 行" in line for line in lines)
