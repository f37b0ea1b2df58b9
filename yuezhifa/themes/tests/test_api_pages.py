"""Delivery by API and by the upload page (办法 第四十七条第二款): only the source's delivering account; row errors
shown; nothing loaded from a refused delivery."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from yuezhifa.themes.models import Record

from .conftest import penalty_row
from .test_delivery import as_csv


def test_article_47_api_delivery_by_the_delivering_account_only(world, source, deliverer, client):
    body = world["body"]
    client.force_login(world["users"]["head"])
    payload = {"source": source.code, "kind": "penalty", "records": [penalty_row(body)]}
    refused = client.post("/api/v1/themes/deliveries/", json.dumps(payload), content_type="application/json")
    assert refused.status_code == 403 and "报送账号" in refused.json()["detail"]
    client.force_login(deliverer)
    bad = {**payload, "records": [penalty_row(body, CF_JDRQ="2026-13-01")]}
    rejected = client.post("/api/v1/themes/deliveries/", json.dumps(bad), content_type="application/json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["errors"][0]["message"] == "第 1 行 CF_JDRQ：日期格式应为 YYYY-MM-DD。"
    loaded = client.post("/api/v1/themes/deliveries/", json.dumps(payload), content_type="application/json")
    assert loaded.status_code == 201 and loaded.json()["created_count"] == 1
    listing = client.get("/api/v1/themes/deliveries/").json()
    assert [d["status"] for d in listing] == ["loaded", "rejected"]
    assert Record.objects.count() == 1


def test_the_upload_page_lists_the_row_errors(world, source, deliverer, client):
    client.force_login(deliverer)
    assert client.get("/themes/deliveries/").status_code == 200
    data = as_csv([penalty_row(world["body"], CF_NR_FK="abc")])
    response = client.post("/themes/deliveries/", {"source": source.code, "kind": "penalty",
                                                   "file": SimpleUploadedFile("p.csv", data)}, follow=True)
    page = response.content.decode()
    assert "第 1 行 CF_NR_FK：金额应为不小于 0 的数，单位万元，最多 6 位小数。" in page
    assert Record.objects.count() == 0
    client.force_login(world["users"]["chen"])
    assert client.get("/themes/deliveries/").status_code == 403
