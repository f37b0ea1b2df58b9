"""全部案件: the officer's cases as a table (docs/decisions/0051): filters (``filtersets.CaseFilterSet``), sortable
columns, pagination, a choice of columns kept in the query string, and export of the filtered rows to Excel or CSV.

Reads only through ``selectors.cases`` (the user's restricted cases); the party's ID number is masked in the table
and in the export alike (DESIGN §5.5), as every list shows it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuezhifa.core import excel
from yuezhifa.core.errors import DomainError
from yuezhifa.core.masking import mask_id_number
from yuezhifa.core.views_base import Column, RestrictedListView

from . import selectors
from .filtersets import CaseFilterSet
from .procedures import PROCEDURES
from .procedures.dsl import HEAD, LEGAL_REVIEWER, OFFICER, ROLE_LABELS

COLUMNS_PARAM = "cols"
EXPORT_PARAM = "export"


def case_rows(*, user, action="view"):
    """The cases the user may see, with what the table shows (body, item, parties) fetched at once."""
    return selectors.cases(user).select_related("item").prefetch_related("parties")


def due_badge(case) -> str:
    from .views import due_state

    if case.next_due is None:
        return "—"
    state = due_state(case.next_due, timezone.localdate())
    label = {"overdue": _("已逾期"), "soon": _("即将到期")}.get(state, "")
    provisional = format_html(' <span class="badge badge-warn">{}</span>', _("暂定")) if case.next_due_provisional else ""
    if label:
        return format_html('<span class="due due-{}">{} {}</span>{}', state, label, case.next_due.isoformat(),
                           provisional)
    return format_html("{}{}", case.next_due.isoformat(), provisional)


def party_names(case) -> list[str]:
    return [p.name for p in case.parties.all()]


def party_ids(case) -> list[str]:
    """Each party's identifier as lists show it: the 统一社会信用代码 (public), or the ID number masked."""
    return [p.credit_code or mask_id_number(p.id_number) for p in case.parties.all() if p.credit_code or p.id_number]


def _procedure(case) -> str:
    procedure = PROCEDURES.get(case.procedure)
    return str(procedure.name) if procedure else case.procedure


def _local(value) -> str:
    return date_format(timezone.localtime(value), "Y-m-d") if value else ""


def _cause(case) -> str:
    """The cause, marked 退回 while the case waits for its officer after a send-back (docs/decisions/0046)."""
    if case.returned_reason:
        return format_html('{} <span class="badge badge-bad" title="{}">{}</span>', case.cause, case.returned_reason,
                           _("退回"))
    return case.cause


@dataclass(frozen=True)
class TableColumn:
    """A column of the case table: its key in ``?cols=``, how the page shows it, how the export writes it, and
    whether it is shown when the user has not chosen."""

    key: str
    column: Column
    text: Callable[[object], object]
    default: bool = True


TABLE_COLUMNS = [
    TableColumn("number", Column(gettext_lazy("案号"), render=lambda c: c.number or _("（未立案）"), link="cases:detail",
                                 order_by="number", css="mono nowrap"), lambda c: c.number or ""),
    TableColumn("cause", Column(gettext_lazy("案由"), render=_cause), lambda c: c.cause),
    TableColumn("parties", Column(gettext_lazy("当事人"), render=lambda c: "、".join(party_names(c)) or _("未登记")),
                lambda c: "、".join(party_names(c))),
    TableColumn("party_ids", Column(gettext_lazy("当事人证件号码"), render=lambda c: "、".join(party_ids(c)) or "—",
                                    css="mono"), lambda c: "、".join(party_ids(c)), default=False),
    TableColumn("item", Column(gettext_lazy("执法事项"), "item.name"), lambda c: c.item.name if c.item else ""),
    TableColumn("procedure", Column(gettext_lazy("程序"), render=_procedure, css="nowrap"), _procedure, default=False),
    TableColumn("stage", Column(gettext_lazy("阶段"),
                                render=lambda c: format_html('<span class="badge badge-stage">{}</span>',
                                                             c.get_stage_display()),
                                order_by="stage", css="nowrap"), lambda c: str(c.get_stage_display())),
    TableColumn("registered", Column(gettext_lazy("登记日期"), render=lambda c: _local(c.registered_at),
                                     order_by="registered_at", css="nowrap"), lambda c: _local(c.registered_at)),
    TableColumn("due", Column(gettext_lazy("最近到期日"), render=due_badge, order_by="next_due", css="nowrap"),
                lambda c: c.next_due.isoformat() if c.next_due else ""),
    TableColumn("waiting", Column(gettext_lazy("待办角色"), render=lambda c: ROLE_LABELS.get(c.waiting_role, "") or "—",
                                  css="nowrap"), lambda c: str(ROLE_LABELS.get(c.waiting_role, "")), default=False),
    TableColumn("body", Column(gettext_lazy("办案主体"), "body.name"), lambda c: c.body.name, default=False),
    TableColumn("fine", Column(gettext_lazy("罚款金额（元）"), render=lambda c: f"{c.fine_amount:,.2f}" if c.fine_amount
                               is not None else "—", css="nowrap num"),
                lambda c: float(c.fine_amount) if c.fine_amount is not None else "", default=False),
]
COLUMNS_BY_KEY = {c.key: c for c in TABLE_COLUMNS}


class CaseTableView(RestrictedListView):
    """全部案件 (URL name ``cases:all``)."""

    selector = case_rows
    filterset_class = CaseFilterSet
    template_name = "cases/case_table.html"
    title = gettext_lazy("全部案件")
    search_placeholder = gettext_lazy("案号、案由或当事人")
    paginate_by = 20
    columns = [c.column for c in TABLE_COLUMNS]

    def chosen(self) -> list[TableColumn]:
        """The columns the user ticked (``?cols=number&cols=cause``), in the table's order; the defaults otherwise.
        The 案号 column, which links to the case, is always shown."""
        keys = set(self.request.GET.getlist(COLUMNS_PARAM)) & COLUMNS_BY_KEY.keys()
        if not keys:
            return [c for c in TABLE_COLUMNS if c.default]
        return [c for c in TABLE_COLUMNS if c.key in keys or c.key == "number"]

    def get_columns(self):
        return [c.column for c in self.chosen()]

    def get(self, request, *args, **kwargs):
        kind = request.GET.get(EXPORT_PARAM, "")
        if kind in ("xlsx", "csv"):
            queryset = self.get_queryset()
            if self.filterset is not None and self.filterset.is_bound and not self.filterset.is_valid():
                messages.error(request, _("筛选条件有误，请按提示修改后再导出。"))
            else:
                try:
                    excel.check_export_size(queryset)
                except DomainError as exc:
                    messages.error(request, exc.message)
                else:
                    return self.export(queryset, kind)
        return super().get(request, *args, **kwargs)

    def export(self, queryset, kind: str) -> HttpResponse:
        """The filtered, sorted rows with the chosen columns; text cells a spreadsheet would run as a formula are
        neutralised by ``core.excel`` (``save_workbook``, ``csv_writer``)."""
        columns = self.chosen()
        headers = [str(c.column.header) for c in columns]
        rows = ([c.text(case) for c in columns] for case in queryset.iterator(chunk_size=500))
        stem = _("全部案件")
        if kind == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")  # so that Excel opens the UTF-8 file as such
            writer = excel.csv_writer(buffer, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(headers)
            writer.writerows(rows)
            response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
            filename = excel.export_filename(stem).removesuffix(".xlsx") + ".csv"
        else:
            sheet_columns = tuple(excel.ExcelColumn(h, False, "", width=max(12, min(40, len(h) * 3))) for h in headers)
            workbook, sheet = excel.new_workbook(str(stem), sheet_columns)
            for row in rows:
                sheet.append(row)
            response = HttpResponse(excel.save_workbook(workbook), content_type=excel.XLSX_CONTENT_TYPE)
            filename = excel.export_filename(stem)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def get_context_data(self, **kwargs):
        from .views import roles_of

        context = super().get_context_data(**kwargs)
        roles = roles_of(self.request.user)
        tabs = [("todo", _("待办"), "cases:todo"), ("all", _("全部案件"), "cases:all")]
        if HEAD in roles:
            tabs.append(("approvals", _("待审批"), "cases:approvals"))
        if LEGAL_REVIEWER in roles:
            tabs.append(("legal", _("待法制审核"), "cases:legal"))
        chosen = {c.key for c in self.chosen()}
        params = self.request.GET
        context.update({
            "tab": "all", "tabs": [{"key": k, "label": label, "url": reverse(name)} for k, label, name in tabs],
            "can_open": OFFICER in roles,
            "column_choices": [{"key": c.key, "header": c.column.header, "checked": c.key in chosen,
                                "fixed": c.key == "number"} for c in TABLE_COLUMNS],
            "filter_keep": [(COLUMNS_PARAM, c.key) for c in self.chosen()] if params.getlist(COLUMNS_PARAM) else [],
            "keep_params": [(k, v) for k in params for v in params.getlist(k)
                            if k not in {COLUMNS_PARAM, self.page_kwarg, EXPORT_PARAM}],
            "filters_active": any(v for k, v in params.items()
                                  if k not in {self.page_kwarg, self.sort_param, "q", COLUMNS_PARAM, EXPORT_PARAM}),
        })
        return context

