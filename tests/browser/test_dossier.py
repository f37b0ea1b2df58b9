"""The 卷宗 of a case and the document preview, as the officer uses them at a desk (1366×768) and on a phone (390×844):
the catalogue reached from the case page, chosen documents printed as one PDF, and a document previewed on the phone
scaled to the screen instead of scrolling sideways (处罚法 第四十七条; docs/decisions/0052)."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from yuezhifa.cases.dossier_print import catalogue
from yuezhifa.cases.tests.conftest import Runner, world  # noqa: F401  (the world fixture)
from yuezhifa.cases.tests.test_dossier import decided_with_evidence

from .test_case_journey import PHONE, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1366, "height": 768}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def pages(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


def test_dossier_catalogue_print_of_chosen_documents_and_the_preview_on_a_phone(browser_page, live_server, world,  # noqa: F811
                                                                             tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = decided_with_evidence(Runner(world))
    rows = [r for r in catalogue(case) if r.document is not None]
    page, base = browser_page, live_server.url
    login(page, base, "chen")

    for name, size in (("desk", DESK), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"{base}/cases/{case.pk}/")
        page.get_by_role("link", name="卷宗：卷内目录与打印").click()
        page.wait_for_url(f"{base}/cases/{case.pk}/dossier/")
        table = page.locator("table.dossier-table")
        assert table.is_visible() and page.locator("#dossier-print-all").is_visible()
        assert table.locator("tbody tr").count() == len(catalogue(case))
        assert page.evaluate(FITS), name
        shot(page, tmp_path / f"dossier_{name}.png")

    # print two chosen documents (the phone): one PDF of exactly their pages, in the file's order
    boxes = page.locator('input[name="doc"]')
    assert boxes.count() == len(rows)
    boxes.nth(0).check()
    boxes.nth(len(rows) - 1).check()
    with page.context.expect_event("request", lambda r: "/dossier/pdf/" in r.url) as sent:
        page.locator("#dossier-print-chosen").click()
    url = sent.value.url
    assert url.count("doc=") == 2 and "chosen=1" in url
    pdf = page.request.get(url)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pages(pdf.body()) == rows[0].pages + rows[-1].pages
    for popup in page.context.pages[1:]:
        popup.close()

    # the document preview: the A4 sheet scaled to the phone, at its real size at the desk
    decision = next(r for r in rows if r.document.doc_type == "penalty_decision")
    for name, size in (("phone", PHONE), ("desk", DESK)):
        page.set_viewport_size(size)
        page.goto(f"{base}/cases/{case.pk}/documents/{decision.document.pk}/")
        frame = page.locator("iframe.doc-frame")
        frame.wait_for()
        page.wait_for_function("document.querySelector('.doc-fit').getBoundingClientRect().height > 0")
        box = frame.bounding_box()
        assert page.evaluate(FITS), name
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (name, box)
        transform = frame.evaluate("f => getComputedStyle(f).transform")
        layout_width = frame.evaluate("f => f.offsetWidth")
        if name == "phone":
            assert transform != "none" and layout_width == 840  # laid out as the sheet, scaled to the screen
        else:
            assert transform == "none" and layout_width >= 840
        page.wait_for_timeout(300)  # the frame's document drawn before the screenshot
        shot(page, tmp_path / f"document_preview_{name}.png")

    # the document library's sample preview fits the phone the same way
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/documents/types/penalty_decision/preview/")
    frame = page.locator("iframe.document-preview")
    frame.wait_for()
    assert page.evaluate(FITS)
    assert frame.evaluate("f => getComputedStyle(f).transform") != "none"
    box = frame.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    page.wait_for_timeout(300)
    shot(page, tmp_path / "library_preview_phone.png")
