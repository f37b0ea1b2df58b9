"""The pages under /discretion/: the benchmark list and detail (tiers per penalty type), the vocabulary, the trial
evaluation, and the publish / retire / new version acts."""

import re

import pytest
from django.test import Client

from yuezhifa.core.actors import SYSTEM
from yuezhifa.discretion import services
from yuezhifa.discretion.models import Benchmark, BenchmarkStatus

from . import factories as f


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_pages_need_login(world):
    assert Client().get("/discretion/").status_code == 302


def test_the_section_is_in_the_navigation(world, benchmark):
    html = client_for(world["users"]["t_officer"]).get("/").content.decode()
    assert 'href="/discretion/"' in html and "裁量基准" in html


def test_list_shows_benchmarks_in_force_and_hides_others_drafts(world, benchmark):
    services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                              **f.food_124(world["art124"], title="未发布的草稿"))
    page = text(client_for(world["users"]["t_officer"]).get("/discretion/"))
    assert world["item"].code in page and "生效" in page and "未发布的草稿" not in page
    page = text(client_for(world["users"]["p_admin"]).get("/discretion/"))
    assert "未发布的草稿" in page
    page = text(client_for(world["users"]["t_officer"]).get("/discretion/", {"q": "不存在的事项"}))
    assert "没有符合条件的记录" in page


def test_list_query_count_does_not_grow(world, benchmark, django_assert_max_num_queries):
    for _ in range(4):
        item = f.item(world["art124"])
        bm = services.benchmark_create(actor=SYSTEM, item=item, issuing_body=world["bodies"]["p_market"],
                                       **f.food_124(world["art124"]))
        services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    client = client_for(world["users"]["t_officer"])
    client.get("/discretion/")
    with django_assert_max_num_queries(12):
        assert client.get("/discretion/").status_code == 200


def test_detail_shows_the_statute_and_the_tiers_per_penalty_type(world, benchmark):
    page = text(client_for(world["users"]["t_officer"]).get(f"/discretion/{benchmark.pk}/"))
    for words in ("法定罚则", "货值金额不足一万元的", "50,000.00 元以上 100,000.00 元以下", "货值金额 10 倍以上 20 倍以下",
                  "从轻处罚", "70,000.00 元以上 80,000.00 元以下", "货值金额 14 倍以上 16 倍以下", "吊销许可证件",
                  "《中华人民共和国食品安全法》第一百二十四条", "初次违法", "第 1 版"):
        assert words in page, words
    assert "发布与废止" not in page  # an officer cannot


def test_detail_of_a_draft_lists_its_problems_to_its_writer(world):
    content = f.food_124(world["art124"])
    content["tiers"][1]["fines"][0] = {"branch": 0, "min_yuan": "1", "max_yuan": "70000"}
    draft = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                      **content)
    page = text(client_for(world["users"]["p_admin"]).get(f"/discretion/{draft.pk}/"))
    assert "修正后才能发布" in page and "“从轻处罚”档次" in page and "低于法定最低限" in page
    assert client_for(world["users"]["t_officer"]).get(f"/discretion/{draft.pk}/").status_code == 404


def test_publish_retire_and_new_version_from_the_page(world):
    admin = client_for(world["users"]["p_admin"])
    draft = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                      **f.food_124(world["art124"]))
    response = admin.post(f"/discretion/{draft.pk}/activate/", {"effective_from": "2023-01-01"}, follow=True)
    assert "裁量基准已发布" in text(response)
    draft.refresh_from_db()
    assert draft.status == BenchmarkStatus.ACTIVE
    response = admin.post(f"/discretion/{draft.pk}/new-version/", follow=True)
    new = Benchmark.objects.get(version=2)
    assert response.request["PATH_INFO"] == f"/discretion/{new.pk}/" and "已起草第 2 版" in text(response)
    response = admin.post(f"/discretion/{draft.pk}/retire/", {"reason": ""}, follow=True)
    assert "请填写废止理由" in text(response)
    admin.post(f"/discretion/{draft.pk}/retire/", {"reason": "依据修改"})
    draft.refresh_from_db()
    assert draft.status == BenchmarkStatus.RETIRED


def test_others_cannot_act(world, benchmark):
    response = client_for(world["users"]["c_admin"]).post(f"/discretion/{benchmark.pk}/retire/", {"reason": "x"})
    assert response.status_code == 403
    benchmark.refresh_from_db()
    assert benchmark.status == BenchmarkStatus.ACTIVE


def test_circumstances_page_lists_the_vocabulary_with_bases(world):
    page = text(client_for(world["users"]["t_officer"]).get("/discretion/circumstances/"))
    assert "不满十四周岁" in page and "《中华人民共和国行政处罚法》第三十条" in page and "处罚法规定，所有基准适用" in page


def test_evaluate_form_gives_tier_ranges_citations_and_checks_a_proposal(world, benchmark):
    client = client_for(world["users"]["t_officer"])
    page = text(client.get("/discretion/evaluate/"))
    assert "执法事项" in page and "初次违法" in page and "货值金额（元）" in page and "试算结果" not in page
    response = client.get("/discretion/evaluate/", {
        "item": str(world["item"].pk), "date": "2024-05-01", "party_kind": "legal",
        "circumstances": ["repeated"], "amount_goods_value": "5000", "proposed_fine": "120000"})
    page = text(response)
    assert "试算结果" in page and "从重处罚" in page and "80,000.00 – 100,000.00" in page
    assert "《中华人民共和国食品安全法》第一百二十四条" in page
    assert "超出法定范围" in page and "高于法定最高额" in page


def test_evaluate_form_first_violation_and_errors(world, benchmark):
    client = client_for(world["users"]["t_officer"])
    page = text(client.get("/discretion/evaluate/", {
        "item": str(world["item"].pk), "date": "2024-05-01", "party_kind": "legal",
        "circumstances": ["first_violation", "corrected", "slight_harm"], "amount_goods_value": "5000"}))
    assert "可以不予处罚，由执法机关决定" in page and "首违不罚" in page and "如给予处罚" in page
    page = text(client.get("/discretion/evaluate/", {"item": str(world["item"].pk), "date": "2022-05-01",
                                                     "party_kind": "legal"}))
    assert "2022-05-01 没有生效的裁量基准" in page
    page = text(client.get("/discretion/evaluate/", {"item": str(world["item"].pk), "date": "2024-05-01",
                                                     "party_kind": "legal"}))
    assert "请填写货值金额" in page


@pytest.mark.parametrize("who", ["p_admin", "superuser"])
def test_a_draft_can_be_tried_by_its_writers(world, who):
    draft = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                      **f.food_124(world["art124"]))
    page = text(client_for(world["users"][who]).get("/discretion/evaluate/", {
        "benchmark": str(draft.pk), "date": "2024-05-01", "party_kind": "legal", "amount_goods_value": "5000"}))
    assert "按“" in page and "试算结果" in page and "70,000.00 – 80,000.00" in page
