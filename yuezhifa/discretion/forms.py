"""Forms of the discretion pages: the trial evaluation (裁量试算) and the retire act."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vocabulary import BaseKind, CircumstanceCategory, PartyKind, PenaltyType

AMOUNT_FIELDS = {kind: f"amount_{kind}" for kind in BaseKind.values}


class EvaluateForm(forms.Form):
    """Read-only computation, submitted by GET so a result can be bookmarked and shared."""

    item = forms.ChoiceField(label=_("执法事项"))
    date = forms.DateField(label=_("违法行为发生日期"), widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=_("适用违法行为发生时施行的基准（处罚法 第三十七条）。"))
    party_kind = forms.ChoiceField(label=_("当事人类别"), widget=forms.RadioSelect,
                                   choices=[(PartyKind.LEGAL.value, PartyKind.LEGAL.label),
                                            (PartyKind.NATURAL.value, PartyKind.NATURAL.label)])
    circumstances = forms.MultipleChoiceField(label=_("情节"), required=False, widget=forms.CheckboxSelectMultiple)
    proposed_fine = forms.DecimalField(label=_("拟罚款金额（元）"), required=False, min_value=0, max_digits=16,
                                       decimal_places=2, help_text=_("填写后核对是否超出档次或法定幅度。"))
    proposed_penalties = forms.MultipleChoiceField(
        label=_("拟给予的其他处罚"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(t, label) for t, label in PenaltyType.choices if t != PenaltyType.FINE])
    benchmark = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, items=(), circumstances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "——请选择——")] + [(str(i.pk), f"{i.code} {i.name}") for i in items]
        groups = {}
        for c in circumstances:
            groups.setdefault(c.category, []).append((c.code, c.name))
        self.fields["circumstances"].choices = [
            (CircumstanceCategory(cat).label, groups[cat]) for cat in CircumstanceCategory.values if cat in groups]
        for kind, name in AMOUNT_FIELDS.items():
            self.fields[name] = forms.DecimalField(label=f"{BaseKind(kind).label}（元）", required=False, min_value=0,
                                                   max_digits=16, decimal_places=2)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("party_kind", PartyKind.LEGAL.value)

    def amount_fields(self):
        return [self[name] for name in AMOUNT_FIELDS.values()]

    def amounts(self) -> dict:
        return {kind: self.cleaned_data[name] for kind, name in AMOUNT_FIELDS.items()
                if self.cleaned_data.get(name) is not None}

    def proposed(self) -> dict | None:
        fine = self.cleaned_data.get("proposed_fine")
        others = self.cleaned_data.get("proposed_penalties") or []
        if fine is None and not others:
            return None
        out = dict.fromkeys(others, True)
        if fine is not None:
            out[PenaltyType.FINE] = fine
        return out


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("废止理由"), max_length=300)
    effective_until = forms.DateField(label=_("失效日期"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}),
                                      help_text=_("当日起不再适用；不填为今天。"))


class ActivateForm(forms.Form):
    effective_from = forms.DateField(label=_("施行日期"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
