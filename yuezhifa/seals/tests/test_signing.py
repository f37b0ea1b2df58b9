"""Sealing an issued document (办法 第27条; DESIGN §7): PAdES that ordinary tools verify, the stamp where the template
reserves it, nothing half-written."""

import io
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError
from yuezhifa.seals import placement, services, verification
from yuezhifa.seals.models import SignedDocument

pytestmark = pytest.mark.django_db


def pdfsig_output(pdfsig, data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60, check=False).stdout


def flip_inside_signed_range(data: bytes) -> bytes:
    """Change one byte inside a content stream covered by the signature (the file still parses)."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    byte_range = reader.embedded_signatures[0].byte_range
    start, length = int(byte_range[0]), int(byte_range[1])
    offset = data.index(b"stream\n", len(data) // 3) + 200
    assert start <= offset < start + length
    tampered = bytearray(data)
    tampered[offset] ^= 0x01
    return bytes(tampered)


def test_pdfsig_reports_demo_sealed_penalty_decision_valid(sealed, pdfsig, tmp_path):
    """Acceptance: Poppler's pdfsig says 'Signature is Valid' for a demo-sealed 行政处罚决定书 (处罚法 第五十九条)."""
    out = pdfsig_output(pdfsig, sealed, tmp_path)
    assert "Signature Validation: Signature is Valid." in out
    assert "广州市天河区市场监督管理局" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    assert "Total document signed" in out


def test_one_byte_change_is_rejected_by_our_verifier_and_by_pdfsig(sealed, pdfsig, tmp_path):
    tampered = flip_inside_signed_range(sealed)
    out = pdfsig_output(pdfsig, tampered, tmp_path)
    assert "Signature is Valid" not in out
    result = verification.verify_pdf(tampered)
    assert result.verdict == "tampered" and not result.ok and not result.intact
    assert "签章后被修改" in result.message


def test_sealing_records_the_document(sealed, seal, bureau):
    record = SignedDocument.objects.get()
    assert record.body == bureau and record.seal == seal
    assert record.document_number == "穗天市监罚〔2026〕12号"
    import hashlib

    assert record.sha256 == hashlib.sha256(sealed).hexdigest()
    assert AuditEntry.objects.filter(action="seals.document.sign", object_id=str(record.pk)).exists()


def test_seal_sits_in_the_reserved_area_and_replaces_its_outline(sealed, penalty_pdf):
    before = placement.find_seal_area(PdfFileReader(io.BytesIO(penalty_pdf), strict=False))
    assert before is not None and before.page_index == placement.page_count(
        PdfFileReader(io.BytesIO(penalty_pdf), strict=False)) - 1
    reader = PdfFileReader(io.BytesIO(sealed), strict=False)
    field = reader.embedded_signatures[0].sig_field
    rect = [float(v) for v in field["/Rect"]]
    assert rect == pytest.approx(list(before.box), abs=0.5)
    side_mm = (rect[2] - rect[0]) / 72 * 25.4
    assert 40 < side_mm < 44  # the 42 mm seal of a body
    assert placement.find_seal_area(reader) is None  # the dashed outline is gone from the sealed page


def test_seal_image_is_red_and_inside_the_area(sealed, tmp_path):
    """Rendered at 60 dpi, the red of the seal lies within the reserved area on the last page, and nowhere else."""
    from PIL import Image

    from yuezhifa.documents.tests.conftest import need_binary

    pdftoppm = need_binary("pdftoppm")
    reader = PdfFileReader(io.BytesIO(sealed), strict=False)
    pages = placement.page_count(reader)
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", str(pages), "-l", str(pages), str(path), str(tmp_path / "p")],
                   check=True, timeout=60)
    image = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    red = [(x, y) for x in range(image.width) for y in range(image.height)
           if (lambda p: p[0] > 180 and p[1] < 90 and p[2] < 90)(image.getpixel((x, y)))]
    assert len(red) > 500
    x1, y1, x2, y2 = (float(v) for v in reader.embedded_signatures[0].sig_field["/Rect"])
    scale = 60 / 72
    page_height = image.height / scale
    left, right = x1 * scale - 2, x2 * scale + 2
    top, bottom = (page_height - y2) * scale - 2, (page_height - y1) * scale + 2
    assert all(left <= x <= right and top <= y <= bottom for x, y in red)


def test_body_without_seal_cannot_sign(bureau, penalty_pdf, demo_ca):
    with pytest.raises(DomainError, match="尚无有效的电子印章"):
        services.sign_pdf(body=bureau, pdf_bytes=penalty_pdf, document_ref="x")
    assert not SignedDocument.objects.exists()


def test_garbage_is_not_signed_and_nothing_is_recorded(seal, bureau):
    with pytest.raises(DomainError, match="不是有效的 PDF"):
        services.sign_pdf(body=bureau, pdf_bytes=b"not a pdf at all", document_ref="x")
    assert not SignedDocument.objects.exists()


def test_signed_pdf_is_not_signed_again(sealed, bureau):
    with pytest.raises(DomainError, match="已经签章"):
        services.sign_pdf(body=bureau, pdf_bytes=sealed, document_ref="x")


def test_template_without_seal_area_gets_an_invisible_signature(seal, bureau):
    """An internal form reserves no seal area: the PDF is sealed and verifiable without a stamp over its text."""
    from yuezhifa.documents.rendering import render_pdf
    from yuezhifa.documents.samples import sample_context

    pdf = render_pdf("inquiry_record", sample_context("inquiry_record"))
    signed = services.sign_pdf(body=bureau, pdf_bytes=pdf, document_ref="inquiry-1")
    rect = [float(v) for v in PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures[0]
            .sig_field["/Rect"]]
    assert rect == [0, 0, 0, 0]
    assert verification.verify_pdf(signed).ok
