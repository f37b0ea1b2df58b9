"""The checks on what is submitted with the penalty procedures' acts (DESIGN §6): each returns the Chinese reason the
submitted fields break a rule, or None; ``penalty.py`` names the article with each.
"""

from __future__ import annotations

import datetime

from . import fields as f
from .dsl import Check
from .penalty_base import BF, CF, NON_FINE, ON_SPOT_COLLECTION_LIMIT, SIMPLE_LIMIT, date_of, money
from .penalty_facts import (
    DOCUMENT_ACTS,
    DOCUMENT_NAMES,
    decision_served_on,
    document_date,
    notice_served,
    served,
    since_notice,
)
from .penalty_guards import served_no_penalty

# --- checks on submitted fields ------------------------------------------------------------------------------------


def _monitoring_reviewed(log, data):
    if data.get("source_kind") == "monitoring" and not data.get("record_reviewed"):
        return "电子技术监控设备记录未经审核或者经审核不符合要求的，不得作为行政处罚的证据。"
    return None


def _penalty_item(log, data):
    """A penalty case is handled under a 行政处罚 item: the item names the power exercised and its basis (处罚法
    第四条; 办法 第五十四条). The service has resolved the submitted item onto the case before the checks run."""
    item = log.case.item if data.get("item") and log.case.item_id else None
    if item is not None and item.type != "penalty":
        return (f"执法事项“{item.code} {item.name}”的类型为“{item.get_type_display()}”，"
                "行政处罚案件只能适用“行政处罚”类执法事项。")
    return None


ITEM_BASIS = f"{CF}第四条；{BF}第五十四条"


LIMITATION = f"{CF}第三十六条"
GROUND_LABELS = dict(f.LIMITATION_GROUNDS)


def _continuing(data) -> bool:
    return (data.get("violation_kind") or "single") != "single"


def limitation(log, data) -> dict | None:
    """The limitation period of 处罚法 第三十六条 for the act's data: from the day the conduct began, or ended if it
    was continuing or repeated (第二款); two years, five with a ground, harmful consequences and a reason (第一款),
    or the period the item's law provides instead (“法律另有规定的除外”). None when no date is given."""
    from yuezhifa.core.calendar import add_months

    begun = date_of(data.get("violation_date")) or (log.today if log.case.procedure == "penalty.simple" else None)
    if begun is None:
        return None
    counted_from = (date_of(data.get("violation_ended_on")) or begun) if _continuing(data) else begun
    item = log.case.item if log.case.item_id else None
    if item is not None and item.limitation_months:
        months = item.limitation_months
        label = f"{months // 12}年" if months % 12 == 0 else f"{months}个月"
        basis = f"{item.limitation_basis}（{LIMITATION}第一款“法律另有规定的除外”）"
    elif data.get("limitation_ground") and data.get("harmful_consequence"):
        months, label = 60, "五年"
        basis = f"{LIMITATION}第一款（{GROUND_LABELS.get(data['limitation_ground'], '')}且有危害后果）"
    else:
        months, label, basis = 24, "二年", f"{LIMITATION}第一款"
    return {"counted_from": counted_from.isoformat(), "period": label,
            "ends_on": add_months(counted_from, months).isoformat(), "basis": basis + ("；第二款：从行为终了之日起计算" if _continuing(data) else "")}


def _violation_begun(log, data):
    begun = date_of(data.get("violation_date"))
    if begun is not None and begun > log.today:
        return "违法行为发生之日不能晚于今天。"
    return None


def _violation_ended(log, data):
    begun, ended = date_of(data.get("violation_date")) or log.today, date_of(data.get("violation_ended_on"))
    if not _continuing(data):
        return "违法行为没有连续或者继续状态的，不填写行为终了之日。" if ended else None
    if ended is None:
        return "违法行为有连续或者继续状态的，请填写行为终了之日（期限从行为终了之日起计算）。"
    if ended < begun:
        return "违法行为终了之日不能早于其发生之日。"
    if ended > log.today:
        return "违法行为终了之日不能晚于今天；行为仍在继续的，填写今天。"
    return None


def _five_year_ground(log, data):
    if not data.get("limitation_ground"):
        return None
    if not data.get("harmful_consequence"):
        return "适用五年期限的，须涉及公民生命健康安全或者金融安全，并且有危害后果。"
    if not (data.get("limitation_reason") or "").strip():
        return "适用五年期限的，请写明理由：涉及公民生命健康安全或者金融安全的情况和危害后果。"
    return None


def _within_limitation(log, data):
    period = limitation(log, data)
    if period is None:
        return None
    discovered = log.acts[0].date if log.acts else log.today
    if discovered <= date_of(period["ends_on"]):
        return None
    text = (f"违法行为自{period['counted_from']}起至发现之日（{discovered.isoformat()}）已超过{period['period']}"
            f"（{period['basis']}），不再给予行政处罚")
    if period["period"] == "二年":
        text += "；涉及公民生命健康安全、金融安全且有危害后果的，期限为五年，请选择适用五年期限的情形并写明危害后果和理由"
    return text + "。"


LIMITATION_CHECKS = (
    Check(_violation_begun, "violation_date", LIMITATION),
    Check(_violation_ended, "violation_ended_on", f"{LIMITATION}第二款"),
    Check(_five_year_ground, "limitation_reason", f"{LIMITATION}第一款"),
    Check(_within_limitation, "violation_date", LIMITATION),
)


def _yuan(value) -> str:
    """An amount as every page writes it: 75,000.00 元 (core.templatetags.yzf_money)."""
    from yuezhifa.core.templatetags.yzf_money import money as written

    return written(money(value))


def _heavier(penalties: dict, before: dict, what: str) -> list[str]:
    """How ``penalties`` are heavier than ``before`` (what the party was told, or the decision in force)."""
    heavier = []
    if money(penalties.get("fine")) > money(before.get("fine")):
        heavier.append(f"罚款 {_yuan(penalties.get('fine'))}高于{what}的 {_yuan(before.get('fine'))}")
    heavier += [f"增加了{what}中没有的“{label}”" for key, label in _labels().items()
                if penalties.get(key) and not before.get(key)]
    for key in ("confiscate_income", "confiscate_property"):
        now, earlier = penalties.get(key), before.get(key)
        if now and earlier and not isinstance(earlier, bool) and money(now) > money(earlier):
            heavier.append(f"{_labels()[key].split('（')[0]} {_yuan(now)}高于{what}的 {_yuan(earlier)}")
    return heavier


def _not_heavier_than_in_force(log, data):
    """A changed decision is not heavier than the decision it replaces: review and courts may not change a decision
    to the applicant's detriment (《中华人民共和国行政复议法》第六十三条第二款；《中华人民共和国行政诉讼法》第七十七条第二款),
    and an agency correcting itself to a heavier penalty owes the party a new notice first (处罚法 第四十四条)."""
    decision = log.decision
    heavier = _heavier(data.get("penalties") or {}, (decision.get("penalties") or {}) if decision else {}, "原决定")
    if not heavier:
        return None
    return (f"变更后的处罚重于原决定：{'；'.join(heavier)}。复议、诉讼不得作出对当事人更为不利的变更；"
            "本机关认为应当加重的，须重新告知当事人拟作出的处罚并听取陈述、申辩（处罚法第四十四条）。")


def _not_raised(log, data):
    """No penalty heavier than the one notified: after a statement, not because of it (处罚法 第四十五条第二款);
    heavier in any case only after a new notice (第四十四条)."""
    proposed = log.value("notify", "proposed") or {}
    heavier = _heavier(data.get("penalties") or {}, proposed, "告知")
    if not heavier:
        return None
    because = "当事人陈述、申辩后，" if since_notice(log, "record_statement") else ""
    return (f"{because}拟作出的处罚重于事先告知的处罚：{'；'.join(heavier)}。如确需加重，请重新记录“行政处罚事先告知”，"
            "告知拟作出的处罚，待新的陈述、申辩（听证）期限届满或者当事人陈述、申辩后再作出决定（第四十四条）。")


def _labels() -> dict:
    return {k: v.label for k, v in f.PenaltiesSerializer().fields.items() if k != "fine"}


def _some_penalty(key: str):
    def check(log, data):
        penalties = data.get(key) or {}
        if money(penalties.get("fine")) <= 0 and not any(penalties.get(k) for k in NON_FINE):
            return "请至少选择一种行政处罚；不予行政处罚的，请记录“不予行政处罚决定”。"
        return None

    return check


def _within_benchmark(log, data):
    from .discretion_check import discretion_problem

    return discretion_problem(log, data)


def _discretion_snapshot(log, data):
    from .discretion_check import discretion_snapshot

    return discretion_snapshot(log, data)


def _no_penalty_grounds(log, data):
    from .discretion_check import no_penalty_problem

    return no_penalty_problem(log, data)


def _simple_eligible(log, data):
    """处罚法 第五十一条: a warning, or a fine of at most 200 yuan (citizen) / 3,000 yuan (organisation)."""
    penalties = data.get("penalties") or {}
    others = [k for k in NON_FINE if k != "warning" and penalties.get(k)]
    kind = (data.get("party") or {}).get("kind") or log.party_kind
    limit = SIMPLE_LIMIT["person" if kind == "person" else "organisation"]
    fine = money(penalties.get("fine"))
    if others:
        return "简易程序只能当场给予警告或者罚款；其他种类的行政处罚应当适用普通程序。"
    if fine > limit:
        who = "公民" if kind == "person" else "法人或者其他组织"
        return f"对{who}当场处以罚款不得超过 {_yuan(limit)}（本案 {_yuan(fine)}），应当适用普通程序。"
    if fine <= 0 and not penalties.get("warning"):
        return "请选择警告或者填写罚款金额。"
    return None


def _on_spot_collection(log, data):
    """处罚法 第六十八条、第六十九条."""
    fine = log.fine
    if money(data.get("amount")) != fine:
        return f"当场收缴的金额应当等于决定的罚款{fine}元。"
    if data.get("ground") == "small" and fine > ON_SPOT_COLLECTION_LIMIT:
        return f"罚款{fine}元超过一百元，不能以“依法给予一百元以下罚款”为由当场收缴。"
    return None


def _hearing_in_time(log, data):
    state = log.deadline("penalty.hearing_request")
    requested = date_of(data.get("requested_on"))
    if state is None or requested is None:
        return None
    if requested > state.due:
        return f"当事人应当在告知后五个工作日内（{state.due.isoformat()}前）要求听证，本次要求已逾期。"
    if requested > log.today:
        return "提出日期不能晚于记录之日。"
    return None


def _hearing_notice_period(log, data):
    """处罚法 第六十四条第（二）项: the party is told at least seven working days before the hearing."""
    from yuezhifa.core.calendar import add_working_days

    hearing_at = data.get("hearing_at")
    if hearing_at is None:
        return None
    from ..engine import local_date

    earliest = add_working_days(log.today, 7)
    if local_date(hearing_at) < earliest:
        return (f"听证应当在通知之日起七个工作日后举行（最早{earliest.isoformat()}），"
                f"所定日期{local_date(hearing_at).isoformat()}过早。")
    return None


def _chair_not_investigator(log, data):
    chair = str(data.get("chair") or "")
    investigators = set()
    for code in ("investigate", "collect_evidence", "finish_investigation"):
        for act in log.all(code):
            investigators |= act.officer_ids
    handlers = {str(pk) for pk in log.case.handlers.values_list("pk", flat=True)} if log.case.pk else set()
    if chair and chair in investigators | handlers:
        return "听证主持人应当由非本案调查人员担任。"
    return None


def _hearing_held_after_notice(log, data):
    from ..engine import local_date

    scheduled = log.value("notify_hearing", "hearing_at")
    if scheduled and log.today < local_date(datetime.datetime.fromisoformat(scheduled)):
        return f"听证通知所定的时间为{scheduled[:10]}，不能早于该日期举行。"
    return None


def _deferral_after_service(log, data):
    until = date_of(data.get("until"))
    if until is not None and until <= log.today:
        return "缴清期限应当晚于批准之日。"
    return None


def _payment_not_more(log, data):
    if money(data.get("amount")) <= 0:
        return "缴款金额应当大于零。"
    if log.paid + money(data.get("amount")) > log.fine:
        return f"累计缴款超过罚款金额{log.fine}元。"
    return None


def _surcharge_not_more(log, data):
    """At most what accrued by the payment day on what was due and unpaid, less the surcharge already paid."""
    from .surcharge import surcharge_outstanding

    owed = surcharge_outstanding(log, date_of(data.get("paid_on")) or log.today)
    if money(data.get("surcharge")) > owed:
        return f"加处罚款不能超过依法计算的{owed}元。"
    return None


def _court_window(log, data):
    state = log.deadline("compulsion.court_application")
    if state is not None and log.today > state.due:
        return f"申请人民法院强制执行的期限已于{state.due.isoformat()}届满。"
    return None


def _correct_target(log, data):
    target = data.get("target_seq")
    act = next((a for a in log.acts if a.seq == target), None)
    if act is None:
        return f"第{target}项行为不存在。"
    if act.code == "correct":
        return "不能更正一项更正；请直接更正原行为。"
    spec = log.procedure.act(act.code)
    allowed = set(spec.fields().fields) if spec and spec.fields else set()
    unknown = sorted(set(data.get("changes") or {}) - allowed)
    if unknown:
        return f"“{act.name}”没有这些内容：{'、'.join(unknown)}。"
    return None


def _reviewer_qualified(log, actor):
    """处罚法 第五十八条第二款: a reviewer doing legal review for the first time holds the 法律职业资格. Not the first
    time (docs/decisions/0027): the reviewer has a legal review recorded on the platform, or did this work before the
    2021 law took effect (the date recorded on the officer)."""
    from ..models import Act

    officer = getattr(actor, "officer", None)
    if officer is None:
        return "法制审核人员须登记为执法人员，并登记法律职业资格。"
    if officer.may_review_first_time:
        return None
    if Act.objects.filter(code="legal_review", actor__officer=officer).exists():
        return None
    return (f"{officer.name}未登记法律职业资格，也没有从事行政处罚决定法制审核的记录；"
            "初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。")


def _within_window(log, day: datetime.date, what: str, document: str, *, own: bool = False) -> str | None:
    """A day a party's period runs from (a service, a publication) lies between the date of the document it
    concerns (``document``; ``own``: the act being recorded produces it, dated today) and the day the act is
    recorded: never backdated before the document existed, never ahead of the record."""
    filed = log.last("file")
    if filed is not None and day < filed.date:
        return f"{what}{day.isoformat()}早于立案之日{filed.date.isoformat()}，不能采用。"
    produced = log.today if own else document_date(log, document)
    name = DOCUMENT_NAMES.get(document, "文书")
    if produced is not None and day < produced:
        return f"{what}{day.isoformat()}早于{name}作出之日{produced.isoformat()}：文书作出之前不能送达。"
    recorded = min(log.today, local_day())
    if day > recorded:
        return f"{what}{day.isoformat()}晚于本次记录的实施日期{recorded.isoformat()}，不能预先记录。"
    return None


def local_day() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def _served_on_window(what: str, document, *, own: bool = False):
    """The check of ``served_on`` (not by announcement: then it is computed from the publication)."""

    def check(log, data):
        day = date_of(data.get("served_on"))
        if day is None or _announced(data):
            return None
        return _within_window(log, day, what, document(data) if callable(document) else document, own=own)

    return check


def _published_on_window(document, *, own: bool = False):
    def check(log, data):
        day = date_of(data.get("published_on"))
        if day is None or not _announced(data):
            return None
        return _within_window(log, day, "公告发布日期", document(data) if callable(document) else document, own=own)

    return check


def _announced(data) -> bool:
    return (data.get("method") or data.get("service_method")) == "announcement"


def _served_document(data) -> str:
    return data.get("document") or "penalty_decision"


def _decision_exists(log, data):
    """处罚法 第六十一条: what is served is a decision already made."""
    document = _served_document(data)
    act = DOCUMENT_ACTS.get(document)
    if act is not None and not log.has(act):
        name = DOCUMENT_NAMES[document]
        return f"本案尚未作出{name.removesuffix('书')}，没有{name}可以送达。"
    return None


def _filed_after_service(log, data):
    """A review or lawsuit is filed against a decision the party has (处罚法 第七十三条): not before its service."""
    filed = date_of(data.get("filed_on"))
    if filed is None:
        return None
    served_on = decision_served_on(log)
    if served_on is not None and filed < served_on:
        return f"申请或者起诉日期{filed.isoformat()}早于决定书送达之日{served_on.isoformat()}，不能采用。"
    if filed > min(log.today, local_day()):
        return f"申请或者起诉日期{filed.isoformat()}晚于本次记录的实施日期{log.today.isoformat()}，不能预先记录。"
    return None


# What the party received (处罚法 第四十四条、第六十一条): once the document is served these fields of the act that
# produced it, or of the act that served it, cannot be corrected; a new notice (重新告知) or a new decision is the way.
SERVED_CONTENT = {
    "notify": ("proposed", "facts", "reasons", "basis", "served_on", "service_method", "published_on",
               "published_in"),
    "decide": ("penalties", "facts", "basis", "circumstances", "amounts", "deviation_reason"),
    "change_decision": ("penalties", "reason", "facts", "basis", "perform_by"),
    "decide_no_penalty": ("reason", "basis"),
    "decide_on_spot": ("item", "party", "facts", "violated", "basis", "penalties"),
    "serve": ("document", "method", "served_on", "published_on", "published_in"),
    "remind": ("served_on", "amount_due", "manner", "deadline"),
}


def _received_by_party(log, act) -> bool:
    if act.code == "notify":
        return notice_served(log, act)
    if act.code in ("decide", "change_decision"):
        # a decision replaced by a changed one was in the party's hands before it was replaced
        return served(log) or (log.decision is not None and act.seq < log.decision.seq)
    if act.code == "decide_no_penalty":
        return served_no_penalty(log)
    return act.code in SERVED_CONTENT  # handed over on the spot, or the service itself


def _served_content_unchanged(log, data):
    target = data.get("target_seq")
    act = next((a for a in log.acts if a.seq == target), None)
    if act is None or not _received_by_party(log, act):
        return None
    content = [key for key in SERVED_CONTENT.get(act.code, ()) if key in (data.get("changes") or {})]
    if not content:
        return None
    serializer = log.procedure.act(act.code).fields()
    labels = "、".join(str(serializer.fields[key].label) for key in content)
    if act.code == "notify":
        way = "如需改变拟作出的处罚，请重新记录“行政处罚事先告知”，重新给予陈述、申辩（听证）期限（第四十四条、第四十五条）"
    elif act.code in ("serve", "remind"):
        way = "送达日期不能倒签；送达有误的，请重新记录送达"
    else:
        way = "如需改变决定，应当依法撤销或者变更原决定，作出新的决定并送达"
    return f"“{act.name}”已经送达当事人，当事人收到的内容（{labels}）不能更正；{way}。"
