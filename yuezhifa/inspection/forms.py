"""Forms of the inspection register pages: input shapes only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.subject_excel import upload_max_bytes


class SubjectImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("上传的文件是空的。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("请使用导入模板填写，文件不超过 %(mb)d MB；更大的名录请由系统管理员用命令 "
                                          "yzf import-subjects 导入。") % {"mb": upload_max_bytes() // 1024 // 1024}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(_("文件大小超过上限 %(mb)d MB，请分批导入。")
                                        % {"mb": upload_max_bytes() // 1024 // 1024})
        return upload
