"""Forms of the item pages: input shapes only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yuezhifa.org.forms import ExcelUploadForm

from .models import BasisRole


class ItemImportForm(ExcelUploadForm):
    update_existing = forms.BooleanField(
        label=_("更新已有事项"), required=False,
        help_text=_("不勾选时，文件中已存在的事项编码须与库中内容完全一致，否则报错；勾选后以文件内容更新已有事项。"))


ROLE_PREFIXES = {label: value for value, label in BasisRole.choices}


class AdjustmentSubmitForm(forms.Form):
    body = forms.ModelChoiceField(queryset=None, label=_("执法主体"), empty_label=None)
    bases = forms.CharField(
        label=_("调整后的依据"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一条，写作“依据类别：引用”，如“处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款”。"
                    "依据类别：设定依据、处罚依据、违法依据、强制依据、检查依据、其他依据。"))
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("依据发生了什么变化，为何急需用于执法（办法 第54条第2款）。"))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def clean_bases(self):
        lines = []
        for number, raw in enumerate(self.cleaned_data["bases"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            head, sep, citation = line.replace(":", "：").partition("：")
            role = ROLE_PREFIXES.get(head.strip()) if sep else None
            if role is None or not citation.strip():
                raise forms.ValidationError(
                    _("第 %(n)d 行“%(line)s”应写作“依据类别：引用”。") % {"n": number, "line": line[:40]})
            lines.append((number, role, citation.strip()))
        if not lines:
            raise forms.ValidationError(_("请至少填写一条依据。"))
        return lines


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=500, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("驳回时必填")}))


class ReportForm(forms.Form):
    reported_to = forms.CharField(label=_("报备部门"), max_length=200,
                                  help_text=_("省或者市级行业主管部门，如“广州市市场监督管理局”。"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300)
