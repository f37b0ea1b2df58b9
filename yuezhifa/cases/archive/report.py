"""The four-property check report of an archive package (电子档案“四性”检测: 真实性、完整性、可用性、安全性).

A report is a list of findings per property. A finding is ``pass``, ``warn`` (shown, does not fail the property:
an unsigned document, a virus scanner not configured) or ``fail``. The report is written into the package as JSON
(for the archive system) and as text (for people), and the command prints its summary.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

PASS, WARN, FAIL = "pass", "warn", "fail"
LEVEL_LABELS = {PASS: "通过", WARN: "提示", FAIL: "不通过"}

AUTHENTICITY, INTEGRITY, USABILITY, SECURITY = "authenticity", "integrity", "usability", "security"
PROPERTIES = {
    AUTHENTICITY: ("真实性", "电子签章有效，文件的 SHA-256 与登记值一致，执法行为哈希链完整"),
    INTEGRITY: ("完整性", "卷内目录所列文件齐全，没有目录以外的文件，BagIt 清单与文件一致"),
    USABILITY: ("可用性", "每个文件都能按其格式正常读取（PDF 可解析，图片可解码，其他文件格式与登记一致）"),
    SECURITY: ("安全性", "不含可执行程序、脚本、宏，PDF 不含 JavaScript、启动动作或嵌入文件；病毒扫描"),
}


@dataclass
class Finding:
    level: str
    message: str
    path: str = ""  # relative to data/, when the finding is about one file

    def as_dict(self) -> dict:
        return {"level": self.level, "level_label": LEVEL_LABELS[self.level], "message": self.message,
                "path": self.path}


@dataclass
class PropertyCheck:
    code: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return PROPERTIES[self.code][0]

    @property
    def description(self) -> str:
        return PROPERTIES[self.code][1]

    def add(self, level: str, message: str, path: str = "") -> None:
        self.findings.append(Finding(level, message, path))

    def passed(self, message: str, path: str = "") -> None:
        self.add(PASS, message, path)

    def warn(self, message: str, path: str = "") -> None:
        self.add(WARN, message, path)

    def fail(self, message: str, path: str = "") -> None:
        self.add(FAIL, message, path)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.level == FAIL]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARN]

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def status(self) -> str:
        return FAIL if self.failures else WARN if self.warnings else PASS

    @property
    def status_label(self) -> str:
        if self.failures:
            return f"不通过（{len(self.failures)} 项问题）"
        if self.warnings:
            return f"通过（{len(self.warnings)} 项提示）"
        return "通过"

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "description": self.description, "status": self.status,
                "status_label": self.status_label, "ok": self.ok,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class ArchiveReport:
    """The result of checking one archive package (a BagIt bag)."""

    case_number: str
    case_id: str
    body: str
    bag_dir: str
    checked_at: datetime.datetime
    items: int = 0
    properties: dict[str, PropertyCheck] = field(default_factory=lambda: {c: PropertyCheck(c) for c in PROPERTIES})

    def __getitem__(self, code: str) -> PropertyCheck:
        return self.properties[code]

    @property
    def authenticity(self) -> PropertyCheck:
        return self.properties[AUTHENTICITY]

    @property
    def integrity(self) -> PropertyCheck:
        return self.properties[INTEGRITY]

    @property
    def usability(self) -> PropertyCheck:
        return self.properties[USABILITY]

    @property
    def security(self) -> PropertyCheck:
        return self.properties[SECURITY]

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.properties.values())

    @property
    def failed(self) -> list[str]:
        """Codes of the properties that failed."""
        return [code for code, p in self.properties.items() if not p.ok]

    def summary(self) -> list[str]:
        """A few lines for a terminal: the verdict of each property and its problems (at most five each)."""
        head = f"案卷 {self.case_number or self.case_id}（{self.body}），共 {self.items} 件："
        lines = [head + ("四性检测全部通过。" if self.ok else
                         "四性检测未通过：" + "、".join(self.properties[c].name for c in self.failed) + "。")]
        for check in self.properties.values():
            lines.append(f"  {check.name}：{check.status_label}")
            shown = check.failures + check.warnings
            for finding in shown[:5]:
                lines.append(f"    - [{LEVEL_LABELS[finding.level]}] {finding.message}")
            if len(shown) > 5:
                lines.append(f"    - ……另有 {len(shown) - 5} 项，详见 check-report.txt")
        return lines

    def as_dict(self) -> dict:
        return {"case_number": self.case_number, "case_id": self.case_id, "body": self.body,
                "checked_at": self.checked_at.isoformat(), "items": self.items, "ok": self.ok,
                "verdict": "通过" if self.ok else "不通过",
                "properties": [p.as_dict() for p in self.properties.values()]}

    def text(self) -> str:
        """The human-readable report (check-report.txt), every finding listed."""
        from django.utils import timezone

        at = timezone.localtime(self.checked_at)
        lines = [
            "电子档案四性检测报告",
            "=" * 20,
            f"案号：{self.case_number or '（无案号）'}",
            f"案件标识：{self.case_id}",
            f"办案主体：{self.body}",
            f"检测时间：{at:%Y年%-m月%-d日 %H:%M:%S}",
            f"卷内文件：{self.items} 件",
            f"检测结论：{'通过' if self.ok else '不通过'}",
            "",
        ]
        for index, check in enumerate(self.properties.values(), start=1):
            lines.append(f"{'一二三四'[index - 1]}、{check.name}：{check.status_label}")
            lines.append(f"  检测内容：{check.description}。")
            for finding in check.findings:
                lines.append(f"  [{LEVEL_LABELS[finding.level]}] {finding.message}")
            lines.append("")
        lines.append("说明：本报告由粤执法平台在生成归档包时自动生成；接收方可用 bagit.py --validate 校验包的完整性，"
                     "用通用 PDF 软件验证文书的电子签章。")
        return "\n".join(lines) + "\n"
