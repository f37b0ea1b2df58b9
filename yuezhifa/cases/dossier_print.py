"""The case file (卷宗) on screen and as one print copy (处罚法 第四十七条; 办法 第三十一条; docs/decisions/0052).

The order and the entries are the archive's (``selectors.dossier``: the documents in the order of the acts that
issued them, each act's evidence after its documents), so the 卷宗 page, the print copy and the archive package
(``archive.build``) never disagree. What this module adds is the 页次 of the catalogue (卷内目录): the pages of the
documents numbered one after the other from 1, the catalogue itself not numbered, as a paper file is paginated; and
the print copy: the documents' PDFs merged into one, each page stamped with its page number in the top right corner,
the catalogue page first when the whole file is printed.

The print copy is a copy: the seal's picture is drawn on the page (flattened from the signature widget), but the
signatures are not carried over, and its catalogue page says so. The sealed originals are read, never changed.
"""

from __future__ import annotations

import datetime
import html
import io
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from yuezhifa.core.errors import DomainError

from .models import Case, CaseDocument
from .selectors import dossier

PAGES_CACHE = "yzf:dossier:pages:{}"  # the page count of an issued PDF, by its SHA-256: issued bytes never change


class DossierError(DomainError):
    code = "dossier_error"
    title = "无法生成卷宗打印件"


@dataclass
class CatalogueRow:
    """One line of the 卷内目录."""

    seq: int
    kind: str  # document / evidence
    title: str
    number: str
    date: datetime.date
    document: CaseDocument | None = None
    evidence_id: object = None
    pages: int | None = None  # None: not in the print copy (evidence, or a document issued without a PDF)
    first_page: int | None = None

    @property
    def last_page(self) -> int | None:
        return None if self.first_page is None else self.first_page + self.pages - 1

    @property
    def page_label(self) -> str:
        """``3`` for one page, ``3-4`` for more (起止页号), ``""`` when not paginated."""
        if self.first_page is None:
            return ""
        return str(self.first_page) if self.pages == 1 else f"{self.first_page}-{self.last_page}"


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])
    except Exception as exc:
        raise DossierError(f"文书 PDF 无法解析（{type(exc).__name__}）。", field="doc") from None


def issued_page_count(document: CaseDocument) -> int | None:
    """Pages of the document's issued PDF; None when it was recorded without one (before documents were issued with
    their acts)."""
    from .services import document_pdf

    if not document.pdf:
        return None
    key = PAGES_CACHE.format(document.pdf_sha256) if document.pdf_sha256 else ""
    count = cache.get(key) if key else None
    if count is None:
        count = page_count(document_pdf(document))
        if key:
            cache.set(key, count, timeout=None)
    return count


def catalogue(case: Case, *, pages=issued_page_count) -> list[CatalogueRow]:
    """The 卷内目录 of ``case`` in the archive's order, with each document's 页次 (``pages(document)`` gives its page
    count: by default the issued PDF's)."""
    documents = {d.pk: d for d in CaseDocument.objects.filter(case=case).select_related("act")}
    rows, next_page = [], 1
    for entry in dossier(case):
        row = CatalogueRow(entry.seq, entry.kind, entry.title, entry.number, entry.date)
        if entry.kind == "document":
            row.document = documents[entry.object_id]
            row.document.case = case
            row.pages = pages(row.document)
            if row.pages:
                row.first_page, next_page = next_page, next_page + row.pages
        else:
            row.evidence_id = entry.object_id
        rows.append(row)
    return rows


def chosen_documents(case: Case, ids) -> list[CaseDocument]:
    """The documents named by ``ids`` (the checkboxes of the 卷宗 page) in the catalogue's order; any id that is not
    one of the case's documents is refused, naming the field."""
    wanted = {str(i) for i in ids}
    rows = [r for r in catalogue(case, pages=lambda d: None) if r.document is not None]
    found = [r.document for r in rows if str(r.document.pk) in wanted]
    if len(found) != len(wanted):
        raise DossierError("所选文书不属于本案卷宗，请刷新卷宗页面后重新勾选。", field="doc")
    return found


# --- the print copy -----------------------------------------------------------------------------------------------


def print_copy(case: Case, *, masked: bool, document_ids=None) -> bytes:
    """The print copy of the whole file (``document_ids`` None: the catalogue page, then every document) or of the
    chosen documents (no catalogue page), as one PDF. ``masked``: for a reader who does not act on the case (a
    supervisor under a grant), each document rendered from its snapshot with ID and phone numbers masked, as
    ``DocumentPDFView`` serves it; otherwise the issued, sealed bytes."""
    from .documents import render_snapshot
    from .services import document_pdf

    pdfs: dict[object, bytes] = {}

    def pdf_of(document: CaseDocument) -> bytes:
        if document.pk not in pdfs:
            pdfs[document.pk] = (render_snapshot(document, pdf=True, masked=True) if masked
                                 else document_pdf(document))
        return pdfs[document.pk]

    if document_ids is None:
        rows = catalogue(case, pages=lambda d: page_count(pdf_of(d)) if d.pdf or masked else None)
        missing = [r for r in rows if r.document is not None and r.pages is None]
        if missing and not masked:
            pdf_of(missing[0].document)  # raises the document's own message (issued without a PDF)
        documents = [r.document for r in rows if r.document is not None]
        parts = [catalogue_pdf(case, rows, masked=masked)]
    else:
        documents = chosen_documents(case, document_ids)
        if not documents:
            raise DossierError("请至少勾选一份文书。", field="doc")
        parts = []
    title = f"{case.number or case.cause} 卷宗（打印件）"
    return merge_pdfs(parts, [pdf_of(d) for d in documents], title=title)


def catalogue_html(case: Case, rows: list[CatalogueRow], *, masked: bool) -> str:
    from yuezhifa.documents.rendering import _font_face_css

    now = timezone.localtime()
    esc = html.escape
    lines = []
    for row in rows:
        pages = row.page_label or ("电子证据" if row.kind == "evidence" else "未出具")
        lines.append(f"<tr><td class='c'>{row.seq}</td><td>{esc(row.title)}</td><td>{esc(row.number)}</td>"
                     f"<td class='c'>{row.date:%Y-%m-%d}</td><td class='c'>{esc(pages)}</td></tr>")
    total = sum(r.pages or 0 for r in rows)
    evidence_note = ("<p>标为“电子证据”的材料为照片、音视频等电子文件，不在本打印件中，可在案件页面查看。</p>"
                     if any(r.kind == "evidence" for r in rows) else "")
    mask_note = ("<p>查阅人不是本案的办案人员，文书中的身份证件号码和联系电话已隐去部分数字（与逐份查阅时相同）。</p>"
                 if masked else "")
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(case.number or case.cause)} 卷内目录</title>
<style>
{_font_face_css()}
@page {{ size: A4 portrait; margin: 25mm 20mm 22mm 25mm; }}
html {{ font-family: "YZF Serif", "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.5; color: #000; }}
body {{ margin: 0; }}
h1 {{ text-align: center; font-size: 20pt; letter-spacing: .5em; margin: 0 0 4mm; }}
.copy {{ text-align: center; font-size: 12pt; font-weight: bold; margin: 0 0 5mm; }}
dl {{ margin: 0 0 4mm; }} dt {{ float: left; width: 6em; }} dd {{ margin: 0 0 1mm 6em; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: .6pt solid #000; padding: 1.5mm 2mm; vertical-align: top; }}
th {{ font-weight: bold; text-align: center; }}
td.c {{ text-align: center; white-space: nowrap; }}
.note {{ margin-top: 5mm; font-size: 9.5pt; }} .note p {{ margin: 0 0 1.5mm; }}
</style></head><body>
<h1>卷内目录</h1>
<p class="copy">（打印件）</p>
<dl><dt>案号</dt><dd>{esc(case.number or "（未立案）")}</dd><dt>案由</dt><dd>{esc(case.cause)}</dd>
<dt>办案主体</dt><dd>{esc(case.body.name)}</dd></dl>
<table><thead><tr><th style="width:9%">序号</th><th>文书/材料名称</th><th style="width:24%">文号</th>
<th style="width:15%">日期</th><th style="width:11%">页次</th></tr></thead>
<tbody>{''.join(lines)}</tbody></table>
<div class="note">
<p>本打印件由粤执法平台于 {now:%Y年%m月%d日 %H:%M} 按卷内顺序合并生成，文书共 {total} 页，页次即各页右上角的页号（本目录不编页号）。</p>
<p>本件为打印件，供打印、阅卷使用。页面上的印章为电子签章的外观，打印件不含电子签名；文书原件为平台存档的、加盖电子签章的 PDF，以原件为准，签章可在平台上核验。</p>
{evidence_note}{mask_note}</div>
</body></html>"""


def catalogue_pdf(case: Case, rows: list[CatalogueRow], *, masked: bool) -> bytes:
    from yuezhifa.documents.rendering import html_to_pdf

    return html_to_pdf(catalogue_html(case, rows, masked=masked))


def _numbers(value) -> list[float]:
    return [float(v) for v in value]


def _appearance_matrix(stream, rect) -> list[float]:
    """The matrix that maps the appearance stream's box (its /BBox through its /Matrix) onto the annotation's
    /Rect (ISO 32000-1 §12.5.5), to draw it on the page as a viewer would."""
    x0, y0, x1, y1 = _numbers(stream["/BBox"])
    a, b, c, d, e, f = _numbers(stream.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    bx0, bx1 = min(p[0] for p in corners), max(p[0] for p in corners)
    by0, by1 = min(p[1] for p in corners), max(p[1] for p in corners)
    rx0, ry0, rx1, ry1 = _numbers(rect)
    rx0, rx1 = min(rx0, rx1), max(rx0, rx1)
    ry0, ry1 = min(ry0, ry1), max(ry0, ry1)
    sx = (rx1 - rx0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (ry1 - ry0) / (by1 - by0) if by1 > by0 else 1.0
    return [sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy]


def _visible_appearances(page) -> list:
    """The normal appearances of the page's widget annotations (the seal's picture), with their /Rect; hidden ones
    (flags Hidden or NoView) are left out, as a viewer leaves them out."""
    from pyhanko.pdf_utils import generic

    out = []
    annots = page.get("/Annots")  # .get leaves indirect references unresolved
    for annot in annots.get_object() if annots is not None else []:
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Widget" or "/AP" not in annot or "/Rect" not in annot:
            continue
        if int(annot.get("/F", 0)) & (2 | 32):
            continue
        appearances = annot["/AP"]
        normal = appearances.get("/N")
        normal = normal.get_object() if normal is not None else None
        if isinstance(normal, generic.StreamObject) and "/BBox" in normal:
            out.append((appearances.raw_get("/N"), _appearance_matrix(normal, annot["/Rect"])))
    return out


def _fmt(values) -> str:
    return " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in values)


def merge_pdfs(leading: list[bytes], numbered: list[bytes], *, title: str) -> bytes:
    """One PDF of the pages of ``leading`` (not numbered) then of ``numbered`` (numbered 1, 2, … in the top right
    corner). Each page is carried over as a form XObject with its resources (shared within its source file, so a
    document's fonts are copied once) and the visible widget appearances flattened onto it; annotations, form
    fields and signatures are not carried over: the result is a print copy."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
    from pyhanko.pdf_utils.writer import PdfFileWriter, _ObjectImporter

    # _ObjectImporter: pyHanko's own deep copy with a reference map kept across the pages of one source file (the
    # public import_object starts a new map at each call and would copy a document's fonts once per page); pyhanko
    # is pinned to 0.38.x in pyproject.toml.
    writer = PdfFileWriter()
    number_font = writer.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name("/Helvetica"), pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding")}))
    number = 0
    for index, data in enumerate([*leading, *numbered]):
        paginate = index >= len(leading)
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        importer = _ObjectImporter(source=reader, target=writer, reference_map={}, obj_stream=None)
        for page_ix in range(int(reader.root["/Pages"]["/Count"])):
            page_ref, resources = reader.find_page_for_modification(page_ix)
            page = page_ref.get_object()
            mediabox = _numbers(find_inherited_value_in_tree(page, "/MediaBox", "/Parent"))
            contents = page["/Contents"]
            streams = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
            content = b"\n".join(s.get_object().data for s in streams)
            form = generic.StreamObject({
                pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in mediabox),
                pdf_name("/Resources"): importer.import_object(resources),
            }, stream_data=content)
            form.compress()
            xobjects = {pdf_name("/YzfPage"): writer.add_object(form)}
            ops = ["q /YzfPage Do Q"]
            for i, (appearance, matrix) in enumerate(_visible_appearances(page)):
                name = f"/YzfSeal{i}"
                xobjects[pdf_name(name)] = importer.import_object(appearance)
                ops.append(f"q {_fmt(matrix)} cm {name} Do Q")
            page_resources = {pdf_name("/XObject"): generic.DictionaryObject(xobjects)}
            if paginate:
                number += 1
                x, top = mediabox[2] - 18 * 2.835, mediabox[3] - 12 * 2.835  # 18 mm from the right, 12 mm down
                ops.append(f"BT /YzfNum 11 Tf 0 g {_fmt([x, top])} Td ({number}) Tj ET")
                page_resources[pdf_name("/Font")] = generic.DictionaryObject({pdf_name("/YzfNum"): number_font})
            new_page = generic.DictionaryObject({
                pdf_name("/Type"): pdf_name("/Page"),
                pdf_name("/MediaBox"): generic.ArrayObject(generic.FloatObject(v) for v in mediabox),
                pdf_name("/Resources"): generic.DictionaryObject(page_resources),
                pdf_name("/Contents"): writer.add_object(
                    generic.StreamObject(stream_data="\n".join(ops).encode("ascii"))),
            })
            rotate = find_inherited_value_in_tree(page, "/Rotate", "/Parent")
            if rotate:
                new_page[pdf_name("/Rotate")] = generic.NumberObject(int(rotate))
            writer.insert_page(new_page)
    writer.set_info(generic.DictionaryObject({pdf_name("/Title"): generic.TextStringObject(title),
                                              pdf_name("/Producer"): generic.TextStringObject("粤执法（yuezhifa）")}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
