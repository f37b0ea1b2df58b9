"""HTML forms generated from an act's fields (``ActSpec.fields``, a DRF serializer): one declaration serves the API,
its schema and these forms, and the serializer alone validates (in ``services``), so a form and the API refuse the
same input with the same Chinese message.

This module only translates: serializer fields to inputs (``build_fields``), a posted form back to the data the
service takes (``ActForm.payload``), the service's ``DomainError`` back onto the named inputs
(``ActForm.apply_error``), and an act's stored data to labelled lines for the timeline (``describe``). Nested
serializers (当事人, 行政处罚, 金额) become fieldsets whose inputs are named ``parent__child``.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import empty

from yuezhifa.core.masking import PERSONAL_FIELDS

SEP = "__"
# Personal data never put back into a form (DESIGN §5.5); the timeline gets act data already masked by the selector.
MASKED = PERSONAL_FIELDS
TEXT_INPUT_MAX = 300  # a CharField longer than this is a textarea

# Facts an act usually repeats from an earlier one (调查终结 → 告知 → 决定): offered as the initial value, never
# imposed. ``{field: (earlier field, ...)}``; the latest act carrying one of them wins.
CARRY = {
    "facts": ("facts",), "violated": ("violated",), "basis": ("basis",), "circumstances": ("circumstances",),
    "amounts": ("amounts",), "item": ("item",), "cause": ("cause",), "proposed": ("proposed",),
    "penalties": ("penalties", "proposed"), "confiscated_property": ("confiscated_property",),
}


@dataclass
class FormField:
    """One input (or, with ``children``, a fieldset) as the templates render it."""

    name: str
    label: str
    widget: str
    required: bool = False
    help_text: str = ""
    choices: list = field(default_factory=list)
    value: Any = ""
    errors: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    drf: Any = None
    picker: dict = field(default_factory=dict)  # a search that fills this input (cases.pickers.attach)

    @property
    def id(self) -> str:
        return f"f-{self.name}"

    @property
    def selected(self) -> set[str]:
        return {str(v) for v in self.value} if isinstance(self.value, list | tuple) else {str(self.value)}

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(child.has_errors for child in self.children)


# --- serializer fields → inputs --------------------------------------------------------------------------------


def widget_for(drf_field) -> str:
    if isinstance(drf_field, serializers.BaseSerializer):
        return "fieldset"
    if isinstance(drf_field, serializers.BooleanField):
        return "checkbox"
    if isinstance(drf_field, serializers.ChoiceField):
        return "radio" if drf_field.style.get("widget") == "radio" else "select"
    if isinstance(drf_field, serializers.DateTimeField):
        return "datetime"
    if isinstance(drf_field, serializers.DateField):
        return "date"
    if isinstance(drf_field, serializers.DecimalField):
        return "decimal"
    if isinstance(drf_field, serializers.IntegerField):
        return "integer"
    if isinstance(drf_field, serializers.UUIDField):
        return "officer"
    if getattr(drf_field, "picks_circumstances", False):
        return "circumstances"
    if isinstance(drf_field, serializers.ListField):
        child = drf_field.child
        if isinstance(child, serializers.UUIDField):
            return "officers"
        if isinstance(child, serializers.Serializer):
            return "rows"
        if isinstance(child, serializers.DictField):
            return "json"
        return "lines"
    if isinstance(drf_field, serializers.DictField):
        return "pairs"
    if isinstance(drf_field, serializers.CharField):
        limit = drf_field.max_length
        return "text" if limit is not None and limit <= TEXT_INPUT_MAX else "textarea"
    return "text"


def _default(drf_field):
    default = getattr(drf_field, "default", empty)
    if default is empty or callable(default):
        return empty
    return default


def _row_fields(drf_field) -> list:
    """The columns of a "rows" input: the fields of the list's child serializer, in declaration order."""
    return list(drf_field.child.fields.items())


def _row_text(names: list[str], row: dict) -> str:
    """One row as typed: empty cells at the end left off, empty cells before them written "-"."""
    cells = [str(row.get(n) or "") for n in names]
    while cells and not cells[-1]:
        cells.pop()
    return " ".join(c or "-" for c in cells)


def circumstance_choices() -> list[tuple[str, str, str]]:
    """The circumstances an officer may tick, by Chinese name: ``(code, name, category label)`` of the province's
    active vocabulary, in the order of the 裁量情节 page. Every benchmark applies them all (the statutory ones by
    law, the others by the benchmark's rules or their default tier)."""
    from yuezhifa.discretion.models import Circumstance
    from yuezhifa.discretion.vocabulary import CircumstanceCategory

    order = list(CircumstanceCategory.values)
    rows = Circumstance.objects.filter(active=True).order_by("order", "code").values_list("code", "name", "category")
    rows = sorted(rows, key=lambda r: order.index(r[2]) if r[2] in order else len(order))
    return [(code, name, str(CircumstanceCategory(cat).label) if cat in order else "") for code, name, cat in rows]


def _help(drf_field, widget: str) -> str:
    text = str(drf_field.help_text or "")
    if widget == "rows":
        columns = "、".join(str(f.label) for _, f in _row_fields(drf_field))
        example = " ".join({"date": "2026-12-31", "decimal": "1000.00"}.get(widget_for(f), "…")
                           for _, f in _row_fields(drf_field))
        rows = _("每行一项，依次填写%(columns)s，以空格分隔，如“%(example)s”。") % {"columns": columns, "example": example}
        if not all(f.required for _, f in _row_fields(drf_field)):
            rows += _("选填的项没有内容的填“-”，末尾的选填项可以不填。")
        return " ".join(t for t in (text, rows) if t)
    extra = {
        "lines": _("每行一项。"),
        "pairs": _("每行一项，写作“内容代码：更正后的内容”。"),
        "json": _("JSON 格式，如 [{\"date\": \"2026-12-31\", \"amount\": \"1000.00\"}]。"),
    }.get(widget, "")
    return " ".join(t for t in (text, extra) if t)


def build_fields(serializer_class, *, officers=(), prefix: str = "") -> list[FormField]:
    """The inputs for ``serializer_class``'s fields, in declaration order. ``officers`` are ``(id, label)`` pairs
    offered for the officer inputs."""
    serializer = serializer_class() if isinstance(serializer_class, type) else serializer_class
    out = []
    for name, drf_field in serializer.fields.items():
        if drf_field.read_only:
            continue
        widget = widget_for(drf_field)
        full = f"{prefix}{SEP}{name}" if prefix else name
        item = FormField(name=full, label=str(drf_field.label or name), widget=widget, required=drf_field.required,
                         help_text=_help(drf_field, widget), drf=drf_field)
        default = _default(drf_field)
        if widget == "fieldset":
            item.children = build_fields(drf_field, officers=officers, prefix=full)
        elif widget == "checkbox":
            item.value = bool(default) if default is not empty else False
        elif widget in ("officers",):
            item.choices, item.value = list(officers), []
        elif widget == "circumstances":
            item.choices, item.value = circumstance_choices(), []
        elif widget == "officer":
            item.choices = list(officers)
        elif widget in ("select", "radio"):
            item.choices = [(str(k), str(v)) for k, v in drf_field.choices.items()]
            if default is not empty:
                item.value = str(default)
        elif default is not empty and default is not None:
            item.value = str(default)
        if widget == "decimal":
            places = drf_field.decimal_places or 0
            item.attrs = {"step": f"{10 ** -places:.{places}f}" if places else "1", "inputmode": "decimal"}
            if drf_field.min_value is not None:
                item.attrs["min"] = str(drf_field.min_value)
        elif widget == "integer":
            item.attrs = {"step": "1", "inputmode": "numeric"}
            for bound in ("min_value", "max_value"):
                if getattr(drf_field, bound, None) is not None:
                    item.attrs[bound[:3]] = str(getattr(drf_field, bound))
        elif widget == "text" and getattr(drf_field, "max_length", None):
            item.attrs = {"maxlength": str(drf_field.max_length)}
        out.append(item)
    return out


def _walk(fields):
    for item in fields:
        yield item
        yield from _walk(item.children)


# --- values shown in inputs ---------------------------------------------------------------------------------------


def display_value(item: FormField, value) -> Any:
    """A stored or initial value as the input shows it."""
    if value is None:
        return [] if item.widget == "officers" else False if item.widget == "checkbox" else ""
    if item.widget == "checkbox":
        return bool(value)
    if item.widget in ("officers", "circumstances"):
        return [str(v) for v in value] if isinstance(value, list | tuple) else []
    if item.widget == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    if item.widget == "json":
        return json.dumps(value, ensure_ascii=False)
    if item.widget == "rows":
        names = [name for name, _ in _row_fields(item.drf)]
        return "\n".join(_row_text(names, row) for row in value if isinstance(row, dict)) \
            if isinstance(value, list | tuple) else str(value)
    if item.widget == "pairs":
        return "\n".join(f"{k}：{v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    if item.widget == "datetime" and isinstance(value, datetime.datetime):
        return local_input(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return ""
    return str(value)


def local_input(moment: datetime.datetime) -> str:
    """A moment as a ``datetime-local`` input shows it (Shanghai time, to the minute)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- the form -----------------------------------------------------------------------------------------------------


class ActForm:
    """The inputs of one act plus the inputs every act has (``extra``: 实施时间, 地点, 证据文件 …).

    Bound to ``data`` (a QueryDict) it keeps what was typed, so a refused form comes back as it was sent.
    """

    def __init__(self, serializer_class, *, officers=(), data=None, initial: dict | None = None,
                 extra: list[FormField] | None = None):
        self.fields = build_fields(serializer_class, officers=officers) if serializer_class else []
        self.extra = list(extra or [])
        self.non_field_errors: list[str] = []
        self.reasons: list[dict] = []
        self.is_bound = data is not None
        if initial:
            self._initial(self.fields, initial)
        if data is not None:
            self._bind(self.fields + self.extra, data)

    # -- values
    def _initial(self, fields, values: dict, prefix: str = "") -> None:
        for item in fields:
            key = item.name[len(prefix) + len(SEP):] if prefix else item.name
            if key not in values:
                continue
            if item.children:
                if isinstance(values[key], dict):
                    self._initial(item.children, values[key], item.name)
                continue
            item.value = display_value(item, values[key])

    def _bind(self, fields, data) -> None:
        for item in fields:
            if item.children:
                self._bind(item.children, data)
            elif item.widget == "checkbox":
                item.value = item.name in data
            elif item.widget in ("officers", "circumstances"):
                item.value = [v for v in data.getlist(item.name) if v]
            elif item.widget != "file":
                item.value = data.get(item.name, "")

    def value(self, name: str):
        for item in _walk(self.fields + self.extra):
            if item.name == name:
                return item.value
        raise KeyError(name)

    # -- posted form → the service's data
    def payload(self) -> dict:
        """The act's data as the serializer takes it: empty inputs are left out (so the serializer's defaults and
        its "required" apply), lists split, nested fieldsets left out when nothing in them was filled."""
        return self._collect(self.fields)

    def _collect(self, fields) -> dict:
        out = {}
        for item in fields:
            if item.children:
                nested = self._collect(item.children)
                if item.required or _filled(nested):
                    out[_leaf(item.name)] = nested
                continue
            value = self._parse(item)
            if value is not empty:
                out[_leaf(item.name)] = value
        return out

    def _parse(self, item: FormField):
        raw = item.value
        if item.widget == "checkbox":
            return bool(raw)
        if item.widget == "officers":
            return list(raw) if raw else empty
        if item.widget == "circumstances":
            return list(raw)  # none ticked is a choice too: no circumstance found
        text = (raw or "").strip() if isinstance(raw, str) else raw
        if text in ("", None):
            return empty
        if item.widget == "lines":
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            return lines or empty
        if item.widget == "rows":
            columns = _row_fields(item.drf)
            names = [name for name, _ in columns]
            # optional columns at the end may be left off; "-" stands for an optional column left empty
            least = max((i + 1 for i, (_, f) in enumerate(columns) if f.required), default=1)
            rows = []
            for number, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
                cells = re.split(r"[\s,，、；;]+", line.strip())
                if not least <= len(cells) <= len(names):
                    count = len(names) if least == len(names) else f"{least}至{len(names)}"
                    item.errors.append(_("第%(n)d行应当有%(count)s项，以空格分隔。") % {"n": number, "count": count})
                    continue
                rows.append({name: "" if cell in ("-", "—") and not field.required else cell
                             for (name, field), cell in zip(columns, cells, strict=False)})
            return rows or empty
        if item.widget == "json":
            try:
                return json.loads(text)
            except ValueError:
                item.errors.append(_("不是有效的 JSON。"))
                return empty
        if item.widget == "pairs":
            pairs = {}
            for line in text.splitlines():
                if not line.strip():
                    continue
                match = re.match(r"\s*([^：:]+?)\s*[：:]\s*(.*)$", line)
                if match is None:
                    item.errors.append(_("“%(line)s”不是“内容代码：内容”的格式。") % {"line": line.strip()})
                    continue
                key, value = match.group(1), match.group(2).strip()
                if value[:1] in ("[", "{"):
                    with contextlib.suppress(ValueError):
                        value = json.loads(value)
                pairs[key] = value
            return pairs or empty
        return text

    @property
    def has_errors(self) -> bool:
        return bool(self.non_field_errors) or any(item.has_errors for item in self.fields + self.extra)

    # -- the service's refusal → the inputs
    def add_error(self, path: str | None, message: str) -> bool:
        """Put ``message`` next to the input ``path`` names (``party.name``, ``record.0``, ``files[1]``); False when
        no input matches (the caller shows it above the form)."""
        if not path:
            return False
        parts = [p for p in re.split(r"[.\[\]]", path) if p and not p.isdigit()]
        candidates = [SEP.join(parts[:n]) for n in range(len(parts), 0, -1)]
        by_name = {item.name: item for item in _walk(self.fields + self.extra)}
        for name in candidates:
            if name in by_name:
                by_name[name].errors.append(message)
                return True
        return False

    def apply_error(self, exc) -> None:
        """Spread a ``DomainError`` over the form: each of its errors next to its input, the rest on top; the
        reasons of a guard refusal (each with its article) listed on top."""
        self.reasons = list(exc.extra.get("reasons") or [])
        if exc.errors:
            for error in exc.errors:
                if not self.add_error(error.get("field"), error["message"]):
                    self.non_field_errors.append(error["message"])
            return
        if self.reasons:
            return  # the template lists them under the refusal's heading
        if not self.add_error(exc.field, exc.message):
            self.non_field_errors.append(exc.message)


def _leaf(name: str) -> str:
    return name.rsplit(SEP, 1)[-1]


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    return value not in (None, "", False, [], {})


@functools.cache
def declared_fields(serializer_class) -> dict:
    """The bound fields of an act's serializer, built once per class (building a DRF serializer deep-copies every
    field: too slow to do for each act of a long timeline). Read-only use."""
    return serializer_class().fields


def carried_initial(log, serializer_class) -> dict:
    """Initial values carried over from earlier acts of the case (see ``CARRY``) and the party on record."""
    if serializer_class is None:
        return {}
    names = set(declared_fields(serializer_class))
    initial = {}
    for name in names & set(CARRY):
        for act in reversed(log.acts):
            found = next((act.data[key] for key in CARRY[name] if act.data.get(key) not in (None, "", [], {})), None)
            if found is not None:
                initial[name] = found
                break
    if "party" in names and log.party:
        initial["party"] = {k: v for k, v in log.party.items() if k not in MASKED}
    return initial


# --- stored data → the timeline -------------------------------------------------------------------------------------


def describe(serializer_class, data: dict, *, officer_names: dict | None = None) -> list[dict]:
    """An act's stored data as ``[{label, text | lines}]`` in the order its fields are declared, empty values left
    out; officers by name, choices by their label, nested fieldsets on one line. ``data`` is shown as given: the
    caller passes it as the selector masked it (``selectors.case_page``)."""
    if serializer_class is None or not data:
        return []
    names = officer_names or {}
    rows = []
    for name, drf_field in declared_fields(serializer_class).items():
        if name not in data:
            continue
        value = data[name]
        label = str(drf_field.label or name)
        if isinstance(drf_field, serializers.BaseSerializer):
            parts = []
            for child_name, child in drf_field.fields.items():
                child_value = (value or {}).get(child_name)
                text = _text(child, child_value, names)
                if text:
                    parts.append(str(child.label) if text == _("是") else f"{child.label}：{text}")
            if parts:
                rows.append({"label": label, "text": "；".join(parts)})
            continue
        if name in CODED and isinstance(value, list):
            value = CODED[name](value)  # codes stored, names shown (裁量情节: first_violation → 初次违法……)
        if widget_for(drf_field) == "lines" and isinstance(value, list):
            if value:
                rows.append({"label": label, "lines": [str(v) for v in value]})
            continue
        text = _text(drf_field, value, names)
        if text:
            rows.append({"label": label, "text": text})
    return rows


def circumstance_names(codes: list) -> list[str]:
    """The Chinese names of 裁量情节 codes: the statutory ones from the vocabulary, the province's own from the
    register; an unknown code stays as stored."""
    from yuezhifa.discretion.models import Circumstance
    from yuezhifa.discretion.vocabulary import BUILTIN_BY_CODE

    found = {c: BUILTIN_BY_CODE[c].name for c in codes if c in BUILTIN_BY_CODE}
    missing = [c for c in codes if c not in found]
    if missing:
        found.update(Circumstance.objects.filter(code__in=missing).values_list("code", "name"))
    return [found.get(c, c) for c in codes]


# stored codes shown by their names in the described rows: field name -> codes -> names
CODED = {"circumstances": circumstance_names}


def _text(drf_field, value, names: dict) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(drf_field, serializers.BooleanField):
        return _("是") if value else ""
    if isinstance(drf_field, serializers.ChoiceField):
        return str(drf_field.choices.get(value, value))
    if isinstance(drf_field, serializers.UUIDField):
        return names.get(str(value), str(value))
    if getattr(drf_field, "picks_circumstances", False) and isinstance(value, list):
        known = {code: name for code, name, _category in circumstance_choices()}
        return "、".join(known.get(str(v), str(v)) for v in value)
    if isinstance(drf_field, serializers.ListField) and isinstance(drf_field.child, serializers.Serializer):
        columns = list(drf_field.child.fields)
        return "；".join(" ".join(str(row.get(c, "")) for c in columns) for row in value if isinstance(row, dict))
    if isinstance(drf_field, serializers.ListField) and isinstance(drf_field.child, serializers.ChoiceField):
        return "、".join(str(drf_field.child.choices.get(v, v)) for v in value)
    if isinstance(drf_field, serializers.ListField):
        return "、".join(names.get(str(v), str(v)) for v in value)
    if isinstance(drf_field, serializers.DateTimeField) and isinstance(value, str):
        try:
            return timezone.localtime(datetime.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)
