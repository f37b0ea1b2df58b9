"""The procedures as a Chinese Markdown reference (docs/办案行为代码.md): every act code, who performs it, what it
needs first, its fields, the documents it issues and the deadlines it starts and stops, each with its article.
Generated from the same definitions the engine runs, so the document cannot drift from the code."""

from __future__ import annotations

from rest_framework import serializers

from yuezhifa.core.calendar import RULES

from .procedures import PROCEDURES

MILESTONE_LABELS = {"filed": "立案时间", "decided": "作出决定时间", "closed": "结案时间"}


def _field_type(field) -> str:
    if isinstance(field, serializers.ChoiceField):
        return "选项：" + "、".join(f"`{k}` {v}" for k, v in field.choices.items() if k != "")
    if isinstance(field, serializers.BooleanField):
        return "是/否"
    if isinstance(field, serializers.DecimalField):
        return "金额（元，最多两位小数，不得为负）"
    if isinstance(field, serializers.DateTimeField):
        return "时间（ISO 8601）"
    if isinstance(field, serializers.DateField):
        return "日期（YYYY-MM-DD）"
    if isinstance(field, serializers.IntegerField):
        return "整数"
    if getattr(field, "picks_circumstances", False):
        return "裁量情节列表：代码（如 `mitigated_harm`）或“裁量情节”页所列的中文名称"
    if isinstance(field, serializers.ListField):
        child = field.child
        return "执法人员编号列表" if isinstance(child, serializers.UUIDField) else "文本列表（每项一段）"
    if isinstance(field, serializers.UUIDField):
        return "编号（UUID）"
    if isinstance(field, serializers.Serializer):
        return "对象：" + "、".join(f"`{k}` {f.label}" for k, f in field.fields.items())
    if isinstance(field, serializers.DictField):
        return "对象"
    return "文本"


def _rule(code: str) -> str:
    rule = RULES.get(code)
    return f"{rule.name}（`{code}`，{rule.period_text}，{rule.basis}）" if rule else f"`{code}`"


def describe() -> str:
    from yuezhifa.documents.catalogue import DOCUMENT_TYPES

    doc_names = {code: name for code, name, *_ in DOCUMENT_TYPES}
    lines = ["# 办案行为代码", "",
             "本文由 `yzf describe-procedures` 根据程序定义生成，与系统实际执行的规则一致；请勿手工修改。",
             "", "接口：`POST /api/v1/cases/{id}/acts/`，请求体 `{\"act\": 行为代码, \"performed_at\": 实施时间, "
             "\"version\": 案件版本, …该行为的字段}`；开启案件：`POST /api/v1/cases/`（`procedure` 与 `register_source` 的字段）。"
             "每个请求还可带 `place`（地点）、`latitude`/`longitude`（现场行为的定位）；上传证据用 multipart，文件字段名 `files`。", ""]
    for procedure in PROCEDURES.values():
        lines += [f"## {procedure.name}（`{procedure.code}`）", "", f"依据：{procedure.basis}", ""]
        for spec in procedure.acts:
            lines += [f"### `{spec.code}` {spec.name}", "", f"- 依据：{spec.basis}",
                      f"- 办理人员：{'、'.join(spec.role_labels)}"]
            if spec.help:
                lines.append(f"- 说明：{spec.help}")
            if spec.queue:
                lines.append(f"- 待办队列：{spec.queue}（可以办理时，案件列入{spec.role_labels[0]}的待办）")
            if spec.milestone:
                lines.append(f"- 案件记录：{MILESTONE_LABELS[spec.milestone]}")
            if spec.after:
                lines.append("- 须先完成：" + "、".join(f"`{c}`" for c in spec.after))
            for guard in spec.guards:
                lines.append(f"- 条件：{guard.message.rstrip('。')}时不能办理（{guard.basis}）")
            for check in spec.checks:
                lines.append(f"- 校验字段 `{check.field}`（{check.basis}）")
            for check in spec.actor_checks:
                lines.append(f"- 校验办理人员的资格（{check.basis}）")
            if spec.officers:
                lines.append(f"- 执法人员：至少 {spec.officers} 名持有效执法证件、证件领域涵盖执法事项的人员（《中华人民共和国行政处罚法》第四十二条）")
            if spec.documents:
                lines.append("- 出具文书：" + "、".join(doc_names.get(d, d) for d in spec.documents))
            for start in spec.starts:
                lines.append(f"- 开始计算：{start.name + '（' + start.basis + '）' if start.hours else _rule(start.rule)}")
            if spec.stops:
                lines.append("- 结束计算：" + "、".join(_rule(code) for code in spec.stops))
            if spec.repeatable:
                lines.append("- 可以多次办理")
            if spec.files:
                lines.append("- 可以上传证据文件")
            if spec.fields is not None:
                lines += ["", "| 字段 | 名称 | 必填 | 类型 |", "|---|---|---|---|"]
                for name, field in spec.fields().fields.items():
                    lines.append(f"| `{name}` | {field.label} | {'是' if field.required else '否'} | {_field_type(field)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
