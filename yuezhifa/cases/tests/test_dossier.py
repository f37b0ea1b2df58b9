"""The 卷宗 page and its print copy (处罚法 第四十七条; 办法 第三十一条; docs/decisions/0052): the catalogue in the archive's
order with each document's 页次, the whole file or the chosen documents as one PDF, read under the same permission as
the documents (办法 第三十七条: a supervisor only under a grant, and the read audited)."""

import copy
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.documents.tests.conftest import pdf_tools  # noqa: F401  (the pdf_tools fixture)
from yuezhifa.seals import services as seal_services
from yuezhifa.supervision.access import grant_decide, grant_request
from yuezhifa.supervision.tests.conftest import people  # noqa: F401  (the people fixture)

from .. import services
from ..dossier_print import catalogue, page_count
from ..models import CaseDocument
from ..selectors import dossier
from ..services import document_pdf
from .conftest import Runner, make_world
from .test_documents import pdf_text
from .test_guards import png
from .test_penalty_procedures import PENALTIES, notify

pytestmark = pytest.mark.django_db


def pages(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


def decided_with_evidence(run):
    """立案 → 证据登记 (a photograph) → 调查 → 审查 → 告知 → 陈述申辩 (waived) → 决定: eight documents and one piece of
    evidence in the file."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("collect_evidence", "2026-09-29 08:30", kind="physical", title="过期牛奶照片/货架",
            officers=run.ids("chen", "lin"), attachments=[services.Attachment(png())])
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    return run.refresh()


@pytest.fixture(scope="module")
def _shared(shared_atomic, tmp_path_factory):
    """The world, its seal and the decided case (eight documents rendered and sealed: seconds), built once for this
    module's tests (each of which uses them) and rolled back after them (root conftest: ``shared_atomic``)."""
    media = tmp_path_factory.mktemp("dossier-media")
    with shared_atomic(), override_settings(MEDIA_ROOT=media):
        world = make_world()
        seal_services.seal_create_demo_ca(actor=SYSTEM)
        seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
        yield media, world, decided_with_evidence(Runner(world))


@pytest.fixture
def world(_shared, db):
    return copy.deepcopy(_shared[1])


@pytest.fixture
def sealed_case(_shared, settings):
    settings.MEDIA_ROOT = _shared[0]
    return copy.deepcopy(_shared[2])


def test_catalogue_follows_the_archive_order_and_numbers_the_pages_on(sealed_case):
    """处罚法 第四十七条: the 卷内目录 lists the file in the archive's order (selectors.dossier); 页次 run on from 1
    over the documents' pages, the catalogue page not numbered."""
    case = sealed_case
    rows = catalogue(case)
    assert [(r.seq, r.kind, r.title, r.number) for r in rows] == [
        (e.seq, e.kind, e.title, e.number) for e in dossier(case)]
    evidence = [r for r in rows if r.kind == "evidence"]
    assert [(r.title, r.pages, r.page_label) for r in evidence] == [("过期牛奶照片/货架", None, "")]  # not printed
    documents = [r for r in rows if r.document is not None]
    assert len(documents) >= 3
    expected = 1
    for row in documents:
        assert row.pages == page_count(document_pdf(row.document))
        assert row.first_page == expected
        assert row.page_label == (str(expected) if row.pages == 1 else f"{expected}-{expected + row.pages - 1}")
        expected += row.pages


def test_whole_file_prints_the_catalogue_then_every_document_as_one_pdf(sealed_case, client, run):
    case = sealed_case
    client.force_login(run.world["users"]["chen"])
    page = client.get(reverse("cases:dossier", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "卷内目录" in text and "打印全卷（PDF）" in text
    response = client.get(reverse("cases:dossier_pdf", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    documents = CaseDocument.objects.filter(case=case)
    assert pages(response.content) == 1 + sum(pages(document_pdf(d)) for d in documents)
    reader = PdfFileReader(io.BytesIO(response.content), strict=False)
    assert "/AcroForm" not in reader.root  # a print copy: the signatures stay in the sealed originals
    assert b"/YzfSeal0 Do" in response.content  # but the seal's picture is drawn where the sealed original has it
    for document in documents:  # the originals are untouched
        assert document_pdf(document)[:5] == b"%PDF-"


def test_chosen_documents_print_in_catalogue_order_without_the_catalogue(sealed_case, client, run):
    case = sealed_case
    rows = [r for r in catalogue(case) if r.document is not None]
    chosen = [rows[-1], rows[0]]  # ticked in any order, printed in the file's order
    client.force_login(run.world["users"]["chen"])
    url = reverse("cases:dossier_pdf", args=[case.pk])
    response = client.get(url, {"chosen": "1", "doc": [str(r.document.pk) for r in chosen]})
    assert response.status_code == 200
    assert pages(response.content) == rows[0].pages + rows[-1].pages
    none = client.get(url, {"chosen": "1"})
    assert none.status_code == 422 and "请至少勾选一份文书" in none.content.decode()
    foreign = client.get(url, {"chosen": "1", "doc": "00000000-0000-0000-0000-000000000000"})
    assert foreign.status_code == 422 and "不属于本案卷宗" in foreign.content.decode()


def test_another_bodys_officer_and_a_supervisor_without_a_grant_are_refused(sealed_case, client, run, people):  # noqa: F811
    """办法 第三十七条、第六十五条: the 卷宗 is read as the documents are; a supervisor without a grant gets 404 and the
    refusal is audited."""
    case = sealed_case
    for url in (reverse("cases:dossier", args=[case.pk]), reverse("cases:dossier_pdf", args=[case.pk])):
        client.force_login(run.world["users"]["other"])
        assert client.get(url).status_code == 404
        client.force_login(people["gz_sup"])
        assert client.get(url).status_code == 404
    refused = AuditEntry.objects.filter(action="supervision.access.refused", actor_id=people["gz_sup"].pk)
    assert refused.count() == 2


def test_a_supervisor_under_a_grant_reads_the_file_masked_and_audited(sealed_case, client, people, pdf_tools,  # noqa: F811
                                                                       tmp_path):
    """办法 第三十七条: under an approved grant the supervisor prints the file; the read is audited and the documents
    are masked as when read one by one (DESIGN §5.9)."""
    case = sealed_case
    grant = grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    client.force_login(people["gz_sup"])
    page = client.get(reverse("cases:dossier", args=[case.pk]))
    assert page.status_code == 200 and "已隐去部分数字" in page.content.decode()
    response = client.get(reverse("cases:dossier_pdf", args=[case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(pdf_tools, response.content, tmp_path)
    assert "139****0318" in text and "13926470318" not in text  # the party's phone, masked as on each document
    reads = AuditEntry.objects.filter(action="supervision.access.read", actor_id=people["gz_sup"].pk)
    assert {r.after["what"] for r in reads} >= {reverse("cases:dossier", args=[case.pk]),
                                                reverse("cases:dossier_pdf", args=[case.pk])}
