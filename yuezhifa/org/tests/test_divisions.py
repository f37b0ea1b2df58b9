"""Importing the national division list (统计用区划代码, LEGAL.md §6): all or nothing, idempotent, every bad row named
by file, line and column (DESIGN §5.6)."""

import io
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import NotAllowed
from yuezhifa.org.models import Division, Level, Role, Scope
from yuezhifa.org.services.divisions import DivisionImportError, divisions_import

from .factories import UserFactory

HEADERS = {
    "provinces.csv": "code,name",
    "cities.csv": "code,name,provinceCode",
    "areas.csv": "code,name,cityCode,provinceCode",
    "streets.csv": "code,name,areaCode,provinceCode,cityCode",
}

GOOD = {
    "provinces.csv": ['44,"广东省"', '11,"北京市"'],
    "cities.csv": ['4401,"广州市",44', '4403,"深圳市",44', '1101,"市辖区",11'],
    "areas.csv": ['440106,"天河区",4401,44', '440305,"南山区",4403,44', '110105,"朝阳区",1101,11'],
    "streets.csv": [
        '440106001,"五山街道",440106,44,4401',
        '440305001,"南头街道",440305,44,4403',
        '440305400,"前海合作区",440305,44,4403',
        '110105001,"建外街道",110105,11,1101',
    ],
}
TOTAL = sum(len(rows) for rows in GOOD.values())


def write_source(directory, overrides=None, drop=()):
    """Write the four CSV files (header + rows) into ``directory``; ``overrides`` replaces a file's data rows."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        if name in drop:
            continue
        rows = (overrides or {}).get(name, GOOD[name])
        (directory / name).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return directory


@pytest.fixture
def source(tmp_path):
    return write_source(tmp_path / "divisions")


def division_rows():
    return sorted(Division.objects.values_list("code", "name", "level", "parent_id", "is_statistical"))


def division_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "org_division" in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


# --- good data ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_every_level_with_parent_links(source):
    summary = divisions_import(actor=None, source_dir=source)

    assert (summary.created, summary.updated, summary.unchanged) == (TOTAL, 0, 0)
    assert summary.by_level == {"province": 2, "city": 3, "county": 3, "township": 4}
    assert Division.objects.count() == TOTAL
    town = Division.objects.select_related("parent__parent__parent").get(code="440106001")
    assert town.level == Level.TOWNSHIP
    assert town.parent.code == "440106" and town.parent.level == Level.COUNTY
    assert town.parent.parent.code == "4401" and town.parent.parent.level == Level.CITY
    assert town.parent.parent.parent.code == "44" and town.parent.parent.parent.level == Level.PROVINCE
    assert town.parent.parent.parent.parent is None
    assert town.full_name == "广东省广州市天河区五山街道"


@pytest.mark.django_db
def test_city_rows_named_shixiaqu_are_kept_as_is(source):
    divisions_import(actor=None, source_dir=source)
    assert Division.objects.get(code="1101").name == "市辖区"
    assert Division.objects.get(code="110105").parent_id == "1101"


@pytest.mark.django_db
def test_township_codes_ending_4xx_are_statistical_units(source):
    """Codes whose last three digits are 4xx (林场, 保税区, 合作区 …) are statistical units, not legal 乡镇街道."""
    summary = divisions_import(actor=None, source_dir=source)
    assert Division.objects.get(code="440305400").is_statistical is True
    assert Division.objects.get(code="440305001").is_statistical is False
    assert not Division.objects.exclude(level=Level.TOWNSHIP).filter(is_statistical=True).exists()
    assert summary.statistical == 1


@pytest.mark.django_db
def test_import_writes_one_audit_entry_with_counts_source_and_hashes(source):
    before = AuditEntry.objects.count()
    divisions_import(actor=None, source_dir=source)

    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "org.division.import"
    assert entry.actor_repr == "系统"
    assert entry.after["created"] == TOTAL
    assert entry.after["source"] == str(source)
    assert set(entry.after["files"]) == set(HEADERS)
    assert all(len(digest) == 64 for digest in entry.after["files"].values())


@pytest.mark.django_db
def test_second_run_creates_nothing_updates_nothing_and_rewrites_no_row(source):
    divisions_import(actor=None, source_dir=source)
    rows = division_rows()

    with CaptureQueriesContext(connection) as queries:
        summary = divisions_import(actor=None, source_dir=source)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, TOTAL)
    assert division_writes(queries.captured_queries) == []
    assert division_rows() == rows


@pytest.mark.django_db
def test_changed_rows_are_updated_and_only_they(source):
    divisions_import(actor=None, source_dir=source)
    streets = [row.replace("五山街道", "五山街道办") for row in GOOD["streets.csv"]]
    write_source(source, {"streets.csv": streets})

    with CaptureQueriesContext(connection) as queries:
        summary = divisions_import(actor=None, source_dir=source)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, TOTAL - 1)
    assert Division.objects.get(code="440106001").name == "五山街道办"
    assert len(division_writes(queries.captured_queries)) == 1


@pytest.mark.django_db
def test_divisions_missing_from_the_source_are_kept(source):
    divisions_import(actor=None, source_dir=source)
    write_source(source, {"streets.csv": GOOD["streets.csv"][:-1]})

    summary = divisions_import(actor=None, source_dir=source)

    assert summary.retained == 1
    assert Division.objects.filter(code="110105001").exists()


# --- bad data: nothing written, every bad row named -------------------------------------------------------


@pytest.mark.django_db
def test_bad_row_names_file_line_and_column_and_leaves_the_database_untouched(source):
    write_source(source, {"streets.csv": [*GOOD["streets.csv"][:1], '44010600A,"坏代码街道",440106,44,4401',
                                          *GOOD["streets.csv"][1:]]})
    audit_before = AuditEntry.objects.count()

    with pytest.raises(DivisionImportError) as caught:
        divisions_import(actor=None, source_dir=source)

    [error] = caught.value.row_errors
    assert (error.file, error.line, error.column, error.column_name) == ("streets.csv", 3, 1, "code")
    assert "9 位数字" in error.message
    assert "streets.csv 第 3 行第 1 列（code）" in str(error)
    assert Division.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_a_bad_row_after_an_earlier_import_changes_nothing(source):
    divisions_import(actor=None, source_dir=source)
    rows = division_rows()
    cities = [*GOOD["cities.csv"], '4406,"佛山市",44']
    areas = [row.replace("天河区", "天河") for row in GOOD["areas.csv"]] + ['440604,"禅城区",4406,44']
    write_source(source, {"cities.csv": cities, "areas.csv": areas,
                          "streets.csv": [*GOOD["streets.csv"], '440604001,"",440604,44,4406']})

    with pytest.raises(DivisionImportError):
        divisions_import(actor=None, source_dir=source)

    assert division_rows() == rows


@pytest.mark.django_db
def test_every_bad_row_is_reported(source):
    write_source(source, {
        "cities.csv": [*GOOD["cities.csv"], '4402,"",44'],                       # line 5: empty name
        "areas.csv": [*GOOD["areas.csv"], '440999,"无上级区",4409,44'],          # line 5: parent 4409 missing
        "streets.csv": [*GOOD["streets.csv"],
                        '440106002,"错省码街道",440106,45,4401',                 # line 6: provinceCode disagrees
                        '440306001,"错上级街道",440106,44,4401',                 # line 7: code not under parent
                        '440106001,"重复街道",440106,44,4401',                   # line 8: duplicate code
                        '440106003,"字段不足",440106'],                          # line 9: too few fields
    })

    with pytest.raises(DivisionImportError) as caught:
        divisions_import(actor=None, source_dir=source)

    found = {(e.file, e.line, e.column, e.column_name) for e in caught.value.row_errors}
    assert found == {
        ("cities.csv", 5, 2, "name"),
        ("areas.csv", 5, 3, "cityCode"),
        ("streets.csv", 6, 4, "provinceCode"),
        ("streets.csv", 7, 3, "areaCode"),
        ("streets.csv", 7, 5, "cityCode"),
        ("streets.csv", 8, 1, "code"),
        ("streets.csv", 9, 4, "provinceCode"),
    }
    messages = {(e.file, e.line): e.message for e in caught.value.row_errors}
    assert messages[("cities.csv", 5)] == "名称不能为空"
    assert "4409" in messages[("areas.csv", 5)] and "不存在" in messages[("areas.csv", 5)]
    assert "重复" in messages[("streets.csv", 8)]
    assert Division.objects.count() == 0


@pytest.mark.django_db
def test_missing_file_and_missing_column_are_named(source):
    (source / "provinces.csv").unlink()
    (source / "cities.csv").write_text("code,name\n4401,广州市\n", encoding="utf-8")

    with pytest.raises(DivisionImportError) as caught:
        divisions_import(actor=None, source_dir=source)

    text = "\n".join(str(e) for e in caught.value.row_errors)
    assert "provinces.csv：文件不存在" in text
    assert "cities.csv 第 1 行（provinceCode）：表头缺少列 provinceCode" in text
    assert Division.objects.count() == 0


@pytest.mark.django_db
def test_file_that_is_not_utf8_is_named_with_its_line(source):
    (source / "areas.csv").write_bytes("code,name,cityCode,provinceCode\n440106,天河区,4401,44\n".encode("gbk"))

    with pytest.raises(DivisionImportError) as caught:
        divisions_import(actor=None, source_dir=source)

    [error] = caught.value.row_errors
    assert (error.file, error.line) == ("areas.csv", 2)
    assert "UTF-8" in error.message


# --- the command --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_ends_with_a_chinese_summary_line(source):
    out = io.StringIO()
    call_command("import_divisions", str(source), "--no-progress", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert f"新增 {TOTAL} 条，更新 0 条，未变 0 条" in last

    out = io.StringIO()
    call_command("import_divisions", str(source), stdout=out, stderr=io.StringIO())
    assert f"新增 0 条，更新 0 条，未变 {TOTAL} 条" in out.getvalue()


@pytest.mark.django_db
def test_command_reports_bad_rows_as_command_error(source):
    write_source(source, {"provinces.csv": ['44,"广东省"', '4x,"坏省"']})

    with pytest.raises(CommandError) as caught:
        call_command("import_divisions", str(source), "--no-progress", stdout=io.StringIO())

    assert "provinces.csv 第 3 行第 1 列（code）" in str(caught.value)
    assert "未导入任何数据" in str(caught.value)
    assert Division.objects.count() == 0


@pytest.mark.django_db
def test_command_rejects_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="区划数据目录不存在"):
        call_command("import_divisions", str(tmp_path / "nowhere"), "--no-progress")


# --- who may import -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("roles", "superuser", "allowed"), [
    ([], True, True),
    ([(Role.ADMIN, Scope.PROVINCE)], False, True),
    ([(Role.ADMIN, Scope.SUBTREE)], False, False),
    ([(Role.SUPERVISOR, Scope.PROVINCE)], False, False),
    ([(Role.OFFICER, Scope.OWN)], False, False),
])
def test_only_superusers_and_province_administrators_may_import(source, roles, superuser, allowed):
    user = UserFactory(roles=roles, is_superuser=superuser)
    if allowed:
        assert divisions_import(actor=user, source_dir=source).created == TOTAL
        assert AuditEntry.objects.order_by("-seq").first().actor_id == user.pk
    else:
        with pytest.raises(NotAllowed):
            divisions_import(actor=user, source_dir=source)
        assert Division.objects.count() == 0


# --- the real data ------------------------------------------------------------------------------------------

REAL_DATA = settings.YZF_SHARED_DIR / "data" / "divisions"


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(not REAL_DATA.is_dir(), reason=f"共享区划数据目录不存在：{REAL_DATA}")
def test_whole_country_imports_in_under_30_seconds_and_guangdong_is_complete():
    started = time.perf_counter()
    summary = divisions_import(actor=None, source_dir=REAL_DATA)
    elapsed = time.perf_counter() - started

    assert elapsed < 30, f"全国区划导入用时 {elapsed:.1f} 秒，超过 30 秒"
    assert summary.created == Division.objects.count() > 44_000
    gd = Division.objects.filter(code__startswith="44")
    assert gd.filter(level=Level.PROVINCE).get().name == "广东省"
    assert gd.filter(level=Level.CITY).count() == 21
    assert gd.filter(level=Level.COUNTY).count() == 124
    assert gd.filter(level=Level.TOWNSHIP).count() == 1757
    assert not gd.filter(level=Level.CITY).exclude(parent_id="44").exists()
    # 东莞 and 中山 have no counties: the county rows under them are stand-ins with the city's name.
    assert Division.objects.get(code="441900").parent_id == "4419"

    townships = list(gd.filter(level=Level.TOWNSHIP).values_list("code", "is_statistical"))
    assert all(flag == (code[6] == "4") for code, flag in townships)
    assert sum(flag for _, flag in townships) > 0
    assert Division.objects.get(code="440305400").is_statistical  # 前海合作区

    rows = division_rows()
    with CaptureQueriesContext(connection) as queries:
        again = divisions_import(actor=None, source_dir=REAL_DATA)
    assert (again.created, again.updated, again.unchanged) == (0, 0, summary.created)
    assert division_writes(queries.captured_queries) == []
    assert division_rows() == rows
