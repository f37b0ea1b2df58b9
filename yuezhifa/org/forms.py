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
