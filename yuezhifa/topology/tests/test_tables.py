"""Every model of the project is classified once as base, case or local data (docs/decisions/0055), and the keys
of the data that flow up cannot collide across nodes."""

from django.db import models

from yuezhifa.topology import services, tables


def test_every_project_model_is_classified_exactly_once():
    keys = {tables.model_key(m) for m in tables.project_models()}
    sets = {"BASE": tables.BASE, "CASE": tables.CASE, "LOCAL": tables.LOCAL}
    unclassified = sorted(keys - tables.BASE - tables.CASE - tables.LOCAL)
    assert not unclassified, f"未归类的模型（请在 yuezhifa/topology/tables.py 归入基础、办案或本地数据）：{unclassified}"
    for a, b in (("BASE", "CASE"), ("BASE", "LOCAL"), ("CASE", "LOCAL")):
        assert not sets[a] & sets[b], f"{a} 与 {b} 重复：{sorted(sets[a] & sets[b])}"
    stale = sorted((tables.BASE | tables.CASE | tables.LOCAL) - keys)
    assert not stale, f"已不存在的模型：{stale}"


def test_the_issue_names_are_all_base_data():
    """议题 16 §1: laws, items, bodies and officers, certificates, templates, discretion benchmarks, calendar."""
    for key in ("laws.Law", "items.Item", "org.EnforcementBody", "org.Officer", "org.Certificate",
                "documents.DocumentTemplate", "discretion.Benchmark", "core.CalendarDay"):
        assert key in tables.BASE


def test_case_keys_are_uuids_or_bigints_in_a_node_range():
    """A key that flows up is a UUID, or a bigint from a sequence bound to the node's range (never int4)."""
    for model in tables.case_models():
        assert isinstance(model._meta.pk, models.UUIDField | models.BigAutoField), tables.model_key(model)


def test_base_data_refer_to_no_case_data():
    """A node holds the hub's base rows: none of them may point at a case row, which only the nodes hold."""
    for model in tables.base_models():
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert tables.model_key(field.related_model) not in tables.CASE, (tables.model_key(model), field.name)


def test_key_ranges_are_disjoint_and_fit_a_bigint():
    hub = services.key_range(0)
    guangzhou = services.key_range(services.node_number("node", "440100"))
    tianhe = services.key_range(services.node_number("node", "440106"))
    highest = services.key_range(services.node_number("node", "999999"))
    assert hub == (1, 2**40 - 1)
    assert guangzhou == (440100 * 2**40, 440101 * 2**40 - 1)
    assert hub[1] < guangzhou[0] and guangzhou[1] < tianhe[0]
    assert highest[1] < 2**63


def test_subscription_sql_quotes_names_and_connection_strings():
    statement = services.subscribe_sql('yzf_case_"x', "host=10.0.0.1 password='it''s'", "yzf_case_440100")
    text = statement.as_string(None)
    assert text.startswith('CREATE SUBSCRIPTION "yzf_case_""x" CONNECTION ')
    assert "'host=10.0.0.1 password=''it''''s'''" in text
    assert text.endswith('PUBLICATION "yzf_case_440100" WITH (copy_data = true)')
