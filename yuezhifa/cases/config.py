"""Figures of the penalty procedure the law leaves to the province or the sector: shipped defaults, changed by an
administrator through ``CaseSetting`` rows, read afresh on every use."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Setting:
    code: str
    name: str
    default: Decimal
    unit: str
    basis: str
    confirmed: bool = False


DEFAULTS = {s.code: s for s in [
    Setting("hearing.fine.person", "较大数额罚款（公民）", Decimal("5000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（一）项；数额由本省或者行业规定（未经确认，可设置）"),
    Setting("hearing.fine.organisation", "较大数额罚款（法人或者其他组织）", Decimal("100000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（一）项；数额由本省或者行业规定（未经确认，可设置）"),
    Setting("hearing.income.person", "没收较大数额违法所得（公民）", Decimal("5000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（二）项；数额由本省或者行业规定（未经确认，可设置）"),
    Setting("hearing.income.organisation", "没收较大数额违法所得（法人或者其他组织）", Decimal("100000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（二）项；数额由本省或者行业规定（未经确认，可设置）"),
    Setting("hearing.property.person", "没收较大价值非法财物（公民）", Decimal("5000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（二）项；价值由本省或者行业规定（未经确认，可设置）"),
    Setting("hearing.property.organisation", "没收较大价值非法财物（法人或者其他组织）", Decimal("100000"), "元",
            "《中华人民共和国行政处罚法》第六十三条第一款第（二）项；价值由本省或者行业规定（未经确认，可设置）"),
    Setting("evidence.max_mb", "证据文件大小上限", Decimal("50"), "MB", "本平台设置"),
    Setting("entry.tolerance_minutes", "视为现场即时录入的时间差", Decimal("30"), "分钟",
            "《广东省一体化行政执法平台管理办法》第二十二条：超过该时间差录入的，按事后补录处理"),
    Setting("inspection.emergency_hours", "紧急行政检查事后补办审批的时限", Decimal("24"), "小时",
            "《广东省行政检查办法》；国办发〔2024〕54号：情况紧急先行检查的，事后及时补办审批手续；时限由本省规定"
            "（未经确认，可设置）"),
    Setting("inspection.back_entry_days", "检查码签到补录时限", Decimal("10"), "日",
            "深府规〔2025〕6号：因系统故障、无网络等未能亮码签到的，说明理由后补录；时限由本省规定（未经确认，可设置）"),
    Setting("inspection.recheck_days", "责令改正期限届满后复查的时限", Decimal("7"), "日",
            "《广东省行政检查办法》；复查时限由本省规定（未经确认，可设置）"),
    Setting("inspection.remote_days", "非现场检查材料的默认提交期限", Decimal("5"), "工作日",
            "《广东省优化营商环境条例》第四十九条；《广东省行政检查办法》第二十三条：提交期限由检查机关确定，默认值由本平台设置"
            "（未经确认，可设置）"),
]}


def setting(code: str) -> Decimal:
    from .models import CaseSetting

    value = CaseSetting.objects.filter(code=code).values_list("value", flat=True).first()
    return DEFAULTS[code].default if value is None else value
