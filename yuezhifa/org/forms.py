"""Forms of the organisation pages: input shapes only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.excel import MAX_BYTES


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        help_text=_("请使用导入模板填写，文件不超过 %(mb)d MB。") % {"mb": MAX_BYTES // 1024 // 1024},
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("上传的文件是空的。")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件大小超过上限 %(mb)d MB，请分批导入。") % {"mb": MAX_BYTES // 1024 // 1024})
        return upload


class RevealIdNumberForm(forms.Form):
    reason = forms.CharField(label=_("查看事由"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("选填，如：核对证件信息")}))


# --- certificates (办法 第38条) ---------------------------------------------------------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CertificateIssueForm(forms.Form):
    number = forms.CharField(label=_("证件编号"), max_length=40, help_text=_("全省唯一（办法 第38条）。"))
    domains = forms.MultipleChoiceField(label=_("执法领域"), widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": _("至少选择一个执法领域。")})
    issued_by = forms.ChoiceField(label=_("发证机关"))
    valid_from = forms.DateField(label=_("有效期起"), widget=_DATE)
    valid_until = forms.DateField(label=_("有效期至"), widget=_DATE)
    reason = forms.CharField(label=_("说明"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("选填，如：新录用人员首次申领")}))

    def __init__(self, *args, domains=(), issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = [(d.code, d.name) for d in domains]
        self.fields["issued_by"].choices = [(str(b.pk), b.name) for b in issuers]


class CertificateRenewForm(forms.Form):
    valid_from = forms.DateField(label=_("新有效期起"), widget=_DATE, required=False,
                                 help_text=_("不填则为原有效期届满次日；已过期的为今天。"))
    valid_until = forms.DateField(label=_("新有效期至"), widget=_DATE)
    domains = forms.MultipleChoiceField(label=_("执法领域"), widget=forms.CheckboxSelectMultiple, required=False,
                                        help_text=_("不勾选则保持原执法领域。"))
    reason = forms.CharField(label=_("换证理由"), max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": _("如：有效期届满换证")}))

    def __init__(self, *args, domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = [(d.code, d.name) for d in domains]


class CertificateStatusForm(forms.Form):
    ACTIONS = [("suspend", _("暂扣")), ("reinstate", _("恢复")), ("revoke", _("注销"))]

    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS)
    reason = forms.CharField(label=_("理由"), max_length=200,
                             error_messages={"required": _("请写明理由。")})


# --- training (办法 第39条) -------------------------------------------------------------------------------------


class TrainingCourseForm(forms.Form):
    title = forms.CharField(label=_("培训名称"), max_length=200)
    organiser = forms.CharField(label=_("主办单位"), max_length=200)
    category = forms.ChoiceField(label=_("培训类别"))
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1, min_value=0.1)
    start_date = forms.DateField(label=_("开始日期"), widget=_DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=_DATE, help_text=_("学时计入结束日期所在年度。"))
    has_exam = forms.BooleanField(label=_("设有考试"), required=False)
    pass_score = forms.DecimalField(label=_("合格分数线"), max_digits=5, decimal_places=1, required=False,
                                    help_text=_("设有考试并按分数判定时填写，如 60。"))
    description = forms.CharField(label=_("培训内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from .models import TrainingCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = TrainingCategory.choices


RESULT_CHOICES = [("", _("未考试或未填写")), ("yes", _("合格")), ("no", _("不合格"))]


def result_value(value: str):
    return {"yes": True, "no": False}.get(value)


class TrainingRecordForm(forms.Form):
    officer = forms.ChoiceField(label=_("执法人员"))
    hours = forms.DecimalField(label=_("认定学时"), max_digits=5, decimal_places=1, required=False, min_value=0,
                               help_text=_("不填则按课程学时认定。"))
    exam_date = forms.DateField(label=_("考试日期"), widget=_DATE, required=False)
    exam_score = forms.DecimalField(label=_("考试成绩"), max_digits=5, decimal_places=1, required=False)
    exam_passed = forms.ChoiceField(label=_("考试结果"), choices=RESULT_CHOICES, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "—")] + [(str(o.pk), f"{o.name}（{o.body.name}）") for o in officers]


class TrainingRecordCorrectForm(forms.Form):
    hours = forms.DecimalField(label=_("认定学时"), max_digits=5, decimal_places=1, min_value=0)
    exam_date = forms.DateField(label=_("考试日期"), widget=_DATE, required=False)
    exam_score = forms.DecimalField(label=_("考试成绩"), max_digits=5, decimal_places=1, required=False)
    exam_passed = forms.ChoiceField(label=_("考试结果"), choices=RESULT_CHOICES, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    reason = forms.CharField(label=_("更正理由"), max_length=200)
