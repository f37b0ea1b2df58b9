"""Rendering the province's templates from their samples, and what the rendered documents must contain.

The PDF checks read the files back with poppler-utils (pdffonts, pdftotext) the way anyone receiving a document would.
"""

import datetime
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuezhifa.core.errors import DomainError
from yuezhifa.documents import rendering, sandbox
from yuezhifa.documents.errors import FontsMissing, MissingContent, NoActiveTemplate
from yuezhifa.documents.models import DocumentTemplate
from yuezhifa.documents.samples import SAMPLES, VARIANTS, sample_context

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 20)
CASES = [(code, "") for code in SAMPLES] + [tuple(key.split(".", 1)) for key in VARIANTS]
UNSEALED = {"case_filing_approval", "case_source_register", "case_nonfiling_approval", "inquiry_record",
            "inspection_record", "investigation_final_report", "statement_record", "hearing_record", "hearing_report",
            "collective_discussion_record", "penalty_decision_approval", "case_closing_approval", "dossier_cover",
            "dossier_index", "seizure_site_record", "inspection_approval", "inspection_site_record",
            "inspection_inquiry_record", "inspection_recheck_record"}


def text_of(page: str) -> str:
    """The text of an HTML page, as a reader sees it."""
    return re.sub(r"<[^>]+>", "", page)


def pdf_text(tools, pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tools["pdftotext"], "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_font_rows(tools, pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tools["pdffonts"], str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize(("code", "variant"), CASES)
def test_every_seeded_template_renders_html_from_its_sample(code, variant):
    context = sample_context(code, variant)
    page = rendering.render_html(code, context, on=ON)
    assert page.startswith("<!DOCTYPE html>")
    assert context["body"]["name"] in page
    assert "file://" not in page  # the HTML page names fonts by family; no server paths
    # Internal forms, records and reports are signed, not sealed; what goes out of the body carries the seal.
    assert ('class="seal-area"' in page) == (code not in UNSEALED), code


@pytest.mark.parametrize(("code", "variant"), CASES)
def test_every_seeded_template_renders_pdf_with_embedded_fonts(code, variant, pdf_tools, tmp_path):
    pdf = rendering.render_pdf(code, sample_context(code, variant), on=ON)
    assert pdf.startswith(b"%PDF-")
    rows = pdf_font_rows(pdf_tools, pdf, tmp_path)
    assert rows, "the PDF uses no font at all"
    # Columns of pdffonts: name type... encoding emb sub uni object-id generation; emb is the 5th from the end.
    assert all(row[-5] == "yes" for row in rows), rows


def test_penalty_decision_pdf_has_its_fonts_embedded_and_its_chinese_text_intact(pdf_tools, tmp_path):
    """LEGAL.md §7, issue acceptance: the rendered 行政处罚决定书 embeds its fonts and its text reads back."""
    context = sample_context("penalty_decision")
    pdf = rendering.render_pdf("penalty_decision", context, on=ON)
    rows = pdf_font_rows(pdf_tools, pdf, tmp_path)
    assert rows and all(row[-5] == "yes" for row in rows), rows
    assert any("Serif" in row[0] for row in rows)  # the Noto CJK serif, not a fallback
    text = pdf_text(pdf_tools, pdf, tmp_path).replace("\n", "")
    assert "广州禾盛商贸有限公司" in text
    assert "穗天市监罚〔2026〕12号" in text
    assert "行政处罚决定书" in text
    assert "行政复议" in text and "行政诉讼" in text
    assert "伍万元整" in text and "50,000.00" in text
    assert "六十日" in text and "六个月" in text
    assert "2026年3月16日" in text


def test_penalty_decision_states_what_article_59_requires():
    """处罚法 第五十九条: party, facts and evidence, kind and basis, performance, remedies, body and date."""
    page = text_of(rendering.render_html("penalty_decision", sample_context("penalty_decision"), on=ON))
    for text in ["当事人：广州禾盛商贸有限公司", "住所：广州市天河区棠下荷光路86号首层", "经查", "上述事实，主要有以下证据证明",
                 "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", "罚款人民币伍万元整（¥50,000.00）",
                 "十五日内", "缴款方式", "向广州市天河区人民政府申请行政复议", "《中华人民共和国行政复议法》第二十条",
                 "《中华人民共和国行政诉讼法》第四十六条", "不停止执行", "2026年3月16日",
                 "每日按罚款数额的百分之三加处罚款"]:
        assert text in page, text


def test_advance_notice_carries_hearing_rights_only_when_flagged():
    """处罚法 第六十三条、第六十四条: the hearing paragraph comes with the flag, the statement rights always."""
    plain = rendering.render_html("penalty_advance_notice", sample_context("penalty_advance_notice"), on=ON)
    hearing = rendering.render_html("penalty_advance_notice", sample_context("penalty_advance_notice", "hearing"),
                                    on=ON)
    assert "陈述、申辩" in plain and "五个工作日内" in plain
    assert "要求举行听证" not in plain
    assert "要求举行听证" in hearing and "第六十三条、第六十四条" in hearing
    assert "你单位" in plain


def test_on_the_spot_decision_notes_a_refusal_to_sign():
    """处罚法 第五十二条第一款: a refusal to sign is noted on the decision."""
    page = rendering.render_html("on_the_spot_decision", sample_context("on_the_spot_decision", "refused"), on=ON)
    assert "当事人拒绝签收" in page
    normal = rendering.render_html("on_the_spot_decision", sample_context("on_the_spot_decision"), on=ON)
    assert "本人已收到本决定书" in normal and "当事人拒绝签收。" not in normal


def test_a_missing_required_content_names_the_content_and_its_article():
    context = sample_context("penalty_decision")
    del context["party"]["address"]
    with pytest.raises(MissingContent) as err:
        rendering.render_html("penalty_decision", context, on=ON)
    assert err.value.field == "context.party.address"
    assert "当事人的地址" in err.value.message
    assert "第五十九条第一款第（一）项" in err.value.message
    assert "行政处罚决定书" in err.value.message


def test_every_missing_content_is_listed_in_errors():
    context = sample_context("penalty_decision")
    context["remedies"] = {}
    context["facts"] = []
    with pytest.raises(MissingContent) as err:
        rendering.render_html("penalty_decision", context, on=ON)
    fields = [e["field"] for e in err.value.errors]
    assert fields == ["context.facts", "context.remedies.review_body", "context.remedies.court"]
    assert "另有 2 项" in err.value.message


def test_payment_instructions_are_required_only_when_there_is_a_fine():
    context = sample_context("penalty_decision")
    del context["payment"]
    with pytest.raises(MissingContent) as err:
        rendering.render_html("penalty_decision", context, on=ON)
    assert err.value.field == "context.payment.instructions"
    context.update(fine_total=None, amount_total=None,
                   penalties=[{"kind": "警告"}], performance="本决定书送达即履行。")
    page = text_of(rendering.render_html("penalty_decision", context, on=ON))
    assert "（一）警告。" in page and "加处罚款" not in page


def test_on_the_spot_decision_requires_the_number_and_the_officers():
    """处罚法 第五十二条: a numbered form, signed by the officers."""
    context = sample_context("on_the_spot_decision")
    context["officers"] = []
    with pytest.raises(MissingContent) as err:
        rendering.render_html("on_the_spot_decision", context, on=ON)
    assert "执法人员" in err.value.message and "第五十二条第二款" in err.value.message
    context = sample_context("on_the_spot_decision")
    context["document_number"] = " "
    with pytest.raises(MissingContent) as err:
        rendering.render_html("on_the_spot_decision", context, on=ON)
    assert "决定书编号" in err.value.message and "第五十二条第一款" in err.value.message


def test_a_type_without_an_active_template_says_so():
    DocumentTemplate.objects.filter(doc_type__code="jurisdiction_designation_notice").delete()
    with pytest.raises(NoActiveTemplate) as err:
        rendering.render_html("jurisdiction_designation_notice", {}, on=ON)
    assert "该文书尚无生效模板" in err.value.message
    with pytest.raises(NoActiveTemplate):
        rendering.render_html("penalty_decision", sample_context("penalty_decision"), on=datetime.date(2025, 12, 31))


def test_an_unknown_type_is_refused():
    with pytest.raises(DomainError) as err:
        rendering.render_html("no_such_document", {}, on=ON)
    assert err.value.field == "type"


def test_context_from_json_renders_dates_and_amounts():
    """The API gives dates as text and amounts as numbers."""
    context = sample_context("penalty_decision")
    context["decided_on"] = "2026-03-16"
    context["penalties"] = [{"kind": "罚款", "amount": "50000"}]
    context["fine_total"] = 50000
    context["amount_total"] = None
    page = rendering.render_html("penalty_decision", context, on=ON)
    assert "2026年3月16日" in page and "伍万元整" in page and "50,000.00" in page


def test_missing_fonts_name_the_debian_package(monkeypatch):
    monkeypatch.setattr(rendering, "KNOWN_FONT_DIRS", [])
    monkeypatch.setattr(rendering, "_fc_match", lambda pattern: None)
    rendering.font_files.cache_clear()
    try:
        with pytest.raises(FontsMissing) as err:
            rendering.render_pdf("penalty_decision", sample_context("penalty_decision"), on=ON)
    finally:
        rendering.font_files.cache_clear()
    assert "fonts-noto-cjk" in err.value.message
    assert err.value.status_code == 503


def test_pdf_page_declares_the_noto_fonts_by_file():
    try:
        fonts = rendering.font_files()
    except FontsMissing:
        pytest.skip("fonts-noto-cjk 未安装")
    page = rendering.compose("penalty_decision", sample_context("penalty_decision"), on=ON, for_pdf=True)
    assert "@font-face" in page
    assert all(path.as_uri() in page for path in fonts.values())


@pytest.mark.parametrize(("amount", "words"), [
    (Decimal("50000"), "伍万元整"),
    (Decimal("186"), "壹佰捌拾陆元整"),
    (Decimal("50186"), "伍万零壹佰捌拾陆元整"),
    (Decimal("1005.05"), "壹仟零伍元零伍分"),
    (Decimal("1680.32"), "壹仟陆佰捌拾元叁角贰分"),
    (Decimal("100000"), "壹拾万元整"),
    (Decimal("10050"), "壹万零伍拾元整"),
    (Decimal("100000005"), "壹亿零伍元整"),
    (Decimal("0.5"), "伍角"),
    (Decimal("0"), "零元整"),
    ("3,000", "叁仟元整"),
])
def test_amounts_in_capitals(amount, words):
    assert sandbox.rmb_upper(amount) == words


def test_dates_and_numbers_the_chinese_way():
    assert sandbox.cn_date(datetime.date(2026, 3, 5)) == "2026年3月5日"
    assert sandbox.cn_date("2026-10-10") == "2026年10月10日"
    assert sandbox.cn_number(5) == "五" and sandbox.cn_number(12) == "十二" and sandbox.cn_number(20) == "二十"
    assert sandbox.yuan(Decimal("50000")) == "50,000.00"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def parse_capitals(text: str) -> Decimal:
    """Read an amount in capitals back (the inverse of ``rmb_upper``) for the property test."""
    text = text.removesuffix("整")
    integer, _, fraction = text.partition("元") if "元" in text else ("", "", text)
    total = section = number = 0
    for ch in integer:
        if ch in _DIGITS:
            number = _DIGITS.index(ch)
        elif ch in _UNITS:
            section += number * _UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    total += section + number
    cents, number = 0, 0
    for ch in fraction:
        if ch in _DIGITS:
            number = _DIGITS.index(ch)
        elif ch == "角":
            cents += number * 10
        elif ch == "分":
            cents += number
    return Decimal(total) + Decimal(cents) / 100


@given(st.integers(min_value=0, max_value=10**12 - 1).map(lambda cents: Decimal(cents) / 100))
def test_amount_in_capitals_reads_back_to_the_same_amount(amount):
    words = sandbox.rmb_upper(amount)
    assert parse_capitals(words) == amount
    assert "零零" not in words
    assert amount == 0 or not words.startswith("零")
    assert words.endswith(("整", "分", "角"))


def test_the_decision_page_draws_as_an_image(pdf_tools, tmp_path):
    """pdftoppm can draw the first page, and the title area is not blank."""
    from PIL import Image

    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(rendering.render_pdf("penalty_decision", sample_context("penalty_decision"), on=ON))
    subprocess.run([pdf_tools["pdftoppm"], "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = image.size
    title_band = image.crop((0, int(height * 0.10), width, int(height * 0.22)))
    assert title_band.getextrema()[0] < 100  # dark pixels: the issuer and title are printed there
