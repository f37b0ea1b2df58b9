"""Files on demand (办法 第三十七条; docs/decisions/0059): the hub fetches an evidence file from the node that holds
it, for a supervisor with an approved grant, through the node's endpoint and a signed, short-lived token, and serves
it only when its digest is the one replicated to the hub.

One database plays both sides: the "node" is the same application under node settings, reached through a fake
transport that sends the hub's request to the Django test client (no network)."""

import hashlib
import io
import time
import urllib.error

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.cases import services
from yuezhifa.cases.models import Evidence
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (fixture)
from yuezhifa.cases.tests.test_guards import png
from yuezhifa.supervision.access import grant_decide, grant_request
from yuezhifa.supervision.tests.conftest import people, run  # noqa: F401  (fixtures)
from yuezhifa.topology import files

pytestmark = pytest.mark.django_db

SECRET = "node-440100-shared-secret-for-tests"
NODE = {"YZF_ROLE": "node", "YZF_NODE_CODE": "440100", "YZF_HUB_SECRET": SECRET}
HUB = {"YZF_ROLE": "hub", "YZF_NODE_CODE": "", "YZF_NODE_URLS": {"440100": "http://127.0.0.1:9/"},
       "YZF_NODE_SECRETS": {"440100": SECRET}}


@pytest.fixture
def granted(run, people, settings, tmp_path):  # noqa: F811
    """A case decided on the spot with one photo as evidence, and the 广州 supervisor's approved grant for it."""
    settings.MEDIA_ROOT = tmp_path
    run.open("2026-11-20 10:00", procedure="penalty.simple", source_kind="on_site")
    run.act("decide_on_spot", "2026-11-20 10:00", item=run.world["petty"].code, party=_party(),
            facts="在店内销售过期食品。", violated=["食品安全法第三十四条"], basis=["食品安全法第一百二十四条"],
            penalties={"fine": "50"}, officers=run.ids("chen", "lin"), certificates_shown=True,
            place="广州市天河区汇景广场三楼", attachments=[services.Attachment(png(), kind="photo", title="现场照片")])
    case = run.refresh()
    evidence = Evidence.objects.get(case=case)
    grant = grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    return {"case": case, "evidence": evidence, "grant": grant}


def _party():
    from yuezhifa.cases.tests.conftest import store_party

    return store_party()


class _Response(io.BytesIO):
    status = 200


@pytest.fixture
def to_node(monkeypatch):
    """The hub's transport, sent to this application under the node's settings; what it was asked, kept."""
    calls = []

    def transport(url, *, headers, timeout):
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        calls.append((url, dict(headers)))
        with override_settings(**NODE):
            response = Client().get(path, headers={files.TOKEN_HEADER: headers[files.TOKEN_HEADER]})
        if response.status_code != 200:
            raise urllib.error.HTTPError(url, response.status_code, "refused", {}, None)
        return _Response(b"".join(response.streaming_content))

    monkeypatch.setattr(files, "transport", transport)
    monkeypatch.setattr(files, "node_of_case", lambda case: "440100")
    return calls


def _token(evidence, grant, **kwargs):
    values = {"secret": SECRET, "node": "440100", "grant_id": grant.pk, "kind": "evidence", "file_id": evidence.pk}
    return files.make_token(**{**values, **kwargs})


def _node_get(kind, file_id, token, **node_settings):
    with override_settings(**{**NODE, **node_settings}):
        return Client().get(f"/api/v1/topology/files/{kind}/{file_id}/", headers={files.TOKEN_HEADER: token})


def test_the_node_serves_a_file_for_a_token_the_hub_signed_and_audits_it(granted):
    evidence, grant = granted["evidence"], granted["grant"]
    response = _node_get("evidence", evidence.pk, _token(evidence, grant))
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == evidence.sha256
    served = AuditEntry.objects.filter(action="topology.file.served").last()
    assert served.after["grant"] == str(grant.pk) and served.after["file"] == str(evidence.pk)


def test_the_node_refuses_forged_expired_and_overlong_tokens_with_401(granted):
    evidence, grant = granted["evidence"], granted["grant"]
    forged = _token(evidence, grant, secret="someone-elses-secret")
    body, _, mac = _token(evidence, grant).partition(".")
    tampered = files._b64(files._unb64(body).replace(b'"k":"evidence"', b'"k":"document"')) + "." + mac
    expired = _token(evidence, grant, now=time.time() - files.TOKEN_SECONDS - 1)
    overlong = _token(evidence, grant, seconds=86400)
    for token in (forged, tampered, expired, overlong, "", "garbage"):
        response = _node_get("evidence", evidence.pk, token)
        assert response.status_code == 401, (token, response.content)
    assert "已过期" in _node_get("evidence", evidence.pk, expired).json()["detail"]
    # a node without the secret serves nothing; the hub and all-in-one serve nothing here either
    assert _node_get("evidence", evidence.pk, _token(evidence, grant), YZF_HUB_SECRET="").status_code == 401
    assert _node_get("evidence", evidence.pk, _token(evidence, grant), YZF_ROLE="hub").status_code == 401


def test_the_node_refuses_a_token_for_another_file_or_node_with_403(granted):
    evidence, grant = granted["evidence"], granted["grant"]
    document = granted["case"].documents.first()
    assert _node_get("document", document.pk, _token(evidence, grant)).status_code == 403  # names the evidence
    assert _node_get("evidence", evidence.pk, _token(evidence, grant, node="440300")).status_code == 403
    other = _token(evidence, grant, file_id="00000000-0000-4000-8000-000000000000")
    assert _node_get("evidence", "00000000-0000-4000-8000-000000000000", other).status_code == 404


def test_a_granted_supervisor_at_the_hub_gets_the_file_from_the_node(granted, people, to_node):  # noqa: F811
    """办法 第三十七条: approved, unexpired grant → the hub fetches the file and checks its digest."""
    evidence, grant = granted["evidence"], granted["grant"]
    client = APIClient()
    client.force_authenticate(people["gz_sup"])
    with override_settings(**HUB):
        response = client.get(f"/api/v1/supervision/access-grants/{grant.pk}/files/evidence/{evidence.pk}/")
    assert response.status_code == 200, response.content
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == evidence.sha256
    [(url, _headers)] = to_node
    assert url == f"http://127.0.0.1:9/api/v1/topology/files/evidence/{evidence.pk}/"
    fetched = AuditEntry.objects.filter(action="topology.file.fetched").last()
    assert fetched.after["node"] == "440100" and fetched.after["grant"] == str(grant.pk)

    client.force_login(people["gz_sup"])  # the case page's evidence link at the hub goes the same way
    with override_settings(**HUB):
        page = Client()
        page.force_login(people["gz_sup"])
        via_case_page = page.get(f"/cases/{granted['case'].pk}/evidence/{evidence.pk}/")
    assert via_case_page.status_code == 200 and len(to_node) == 2


def test_a_file_whose_digest_differs_is_refused_and_logged(granted, people, to_node, caplog):  # noqa: F811
    evidence, grant = granted["evidence"], granted["grant"]
    name = evidence.file.name
    default_storage.delete(name)
    default_storage.save(name, io.BytesIO(b"not the photo that was collected"))
    client = APIClient()
    client.force_authenticate(people["gz_sup"])
    with override_settings(**HUB), caplog.at_level("ERROR", logger="yuezhifa.topology.files"):
        response = client.get(f"/api/v1/supervision/access-grants/{grant.pk}/files/evidence/{evidence.pk}/")
    assert response.status_code == 502
    assert "摘要（SHA-256）不符，已拒绝提供" in response.json()["detail"]
    assert "调取的文件摘要不符" in caplog.text
    assert AuditEntry.objects.filter(action="topology.file.digest_mismatch").exists()


def test_a_supervisor_without_the_grant_gets_403_and_nothing_is_fetched(granted, people, to_node):  # noqa: F811
    evidence, grant = granted["evidence"], granted["grant"]
    client = APIClient()
    client.force_authenticate(people["sz_sup"])  # another supervisor: the grant is not theirs
    with override_settings(**HUB):
        response = client.get(f"/api/v1/supervision/access-grants/{grant.pk}/files/evidence/{evidence.pk}/")
    assert response.status_code == 403
    assert to_node == []
    assert AuditEntry.objects.filter(action="supervision.access.refused").exists()


def test_all_in_one_reads_the_local_file_without_fetching(granted, people, monkeypatch):  # noqa: F811
    evidence, grant = granted["evidence"], granted["grant"]
    monkeypatch.setattr(files, "transport", lambda *a, **k: pytest.fail("all-in-one fetched a local file"))
    client = APIClient()
    client.force_authenticate(people["gz_sup"])
    response = client.get(f"/api/v1/supervision/access-grants/{grant.pk}/files/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="topology.file.fetched").last().after["node"] == "本地"


def test_the_node_of_a_case_is_read_from_its_registering_account_key():
    class Case:
        created_by_id = (440300 << 40) + 12

    assert files.node_of_case(Case()) == "440300"
    Case.created_by_id = 42  # the hub's own range, or all-in-one
    assert files.node_of_case(Case()) is None


def test_documents_are_not_handed_out_as_originals_to_supervisors(granted, people, to_node):  # noqa: F811
    """A supervisor reads documents masked, rendered from the snapshot (decision 0020); the hub does not fetch the
    sealed original for them."""
    document = granted["case"].documents.first()
    client = APIClient()
    client.force_authenticate(people["gz_sup"])
    with override_settings(**HUB):
        response = client.get(f"/api/v1/supervision/access-grants/{granted['grant'].pk}/files/document/{document.pk}/")
    assert response.status_code == 422 and response.json()["field"] == "kind"
    assert to_node == []
