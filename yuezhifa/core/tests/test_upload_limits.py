"""One upload limit, the same in the app as in the reverse proxy (``client_max_body_size``) and the docs: a body over
``YZF_UPLOAD_MAX_BYTES`` (files included) or more than ``YZF_UPLOAD_MAX_FILES`` files is a 413, as problem+json in
the API, never a 500 or Django's bare 400 page."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from yuezhifa.cases.models import Act

pytestmark = pytest.mark.django_db

SOURCE = {"procedure": "penalty.general", "source_kind": "complaint", "cause": "经营超过保质期的食品",
          "summary": "消费者投诉购买到过期牛奶。"}
ROOT = Path(__file__).resolve().parents[3]


def files(n: int, size: int = 10) -> list:
    return [SimpleUploadedFile(f"p{i}.png", b"x" * size, content_type="image/png") for i in range(n)]


@pytest.fixture
def officer(world):
    client = APIClient()
    client.force_authenticate(world["users"]["chen"])
    client.raise_request_exception = False
    return client


def test_more_files_than_allowed_is_a_413_problem_naming_the_field(officer, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    case = officer.post("/api/v1/cases/", SOURCE, format="json").json()
    response = officer.post(f"/api/v1/cases/{case['id']}/acts/", {"act": "collect_evidence", "files": files(3)},
                            format="multipart")
    assert response.status_code == 413, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["field"] == "files" and "一次最多上传 2 个文件" in body["detail"]
    assert Act.objects.count() == 1


def test_a_body_over_the_upload_limit_is_a_413_problem_before_it_is_read(officer, settings):
    settings.YZF_UPLOAD_MAX_BYTES = 2048
    case = officer.post("/api/v1/cases/", SOURCE, format="json").json()
    response = officer.post(f"/api/v1/cases/{case['id']}/acts/", {"act": "collect_evidence", "files": files(1, 4096)},
                            format="multipart")
    assert response.status_code == 413, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == "请求内容超过 2 KB 的上限（含上传文件），请压缩或分批上传。"


def test_pages_answer_the_limits_with_a_chinese_413_page(client, settings):
    client.raise_request_exception = False
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    response = client.post("/login/", {"username": "x", "file": files(2)})
    assert response.status_code == 413 and "一次最多上传 1 个文件" in response.content.decode()
    settings.YZF_UPLOAD_MAX_BYTES = 1024
    response = client.post("/login/", {"username": "x", "file": files(1, 4096)})
    assert response.status_code == 413 and "上传内容过大" in response.content.decode()


def test_the_nginx_example_and_the_docs_state_the_apps_limit():
    limit_mib = django_settings.YZF_UPLOAD_MAX_BYTES // (1024 * 1024)
    ops = (ROOT / "docs" / "部署与运维.md").read_text(encoding="utf-8")
    assert re.search(rf"client_max_body_size {limit_mib}m;", ops)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`YZF_UPLOAD_MAX_BYTES` | `{django_settings.YZF_UPLOAD_MAX_BYTES}`" in readme
    assert f"`YZF_UPLOAD_MAX_FILES` | `{django_settings.YZF_UPLOAD_MAX_FILES}`" in readme
