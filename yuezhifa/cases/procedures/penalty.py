"""The administrative penalty procedures (LEGAL.md §2) as data: the general procedure with its hearing branch, the
simple (on-the-spot) procedure, and the case-source acts they share.

Abbreviations in citations: 处罚法 = 《中华人民共和国行政处罚法》 (2021), 强制法 = 《中华人民共和国行政强制法》,
办法 = 《广东省一体化行政执法平台管理办法》, 移送规定 = 《行政执法机关移送涉嫌犯罪案件的规定》.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from .. import config
from .. import period_rules as pr
from . import execution as x
from . import fields as f
from .dsl import HEAD, LEGAL_REVIEWER, OFFICER, ActorCheck, ActSpec, Check, Guard, Procedure, StageSpec, Start
from .penalty_facts import PenaltyFacts, remedy_concluded_on

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"
BF = "《广东省一体化行政执法平台管理办法》"
YS = "《行政执法机关移送涉嫌犯罪案件的规定》"

NON_FINE = ("warning", "criticism", "confiscate_income", "confiscate_property", "suspend_licence",
            "downgrade_qualification", "revoke_licence", "restrict_business", "suspend_business", "close",
            "restrict_practice")
SIMPLE_LIMIT = {"person": Decimal("200"), "organisation": Decimal("3000")}
ON_SPOT_COLLECTION_LIMIT = Decimal("100")


def money(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0")


def date_of(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


# --- facts of the log the rules below refer to ------------------------------------------------------------------


def hearing_grounds(party_kind: str, penalties: dict, other: str = "") -> list[str]:
    """The items of 处罚法 第六十三条第一款 the proposed penalties fall under (empty: no right to a hearing). The
    较大数额/较大价值 figures are the province's (configurable). 暂扣许可证件 and 限制开展生产经营活动 are not named in
    items (三) and (四): they carry the right only when flagged as 其他较重的行政处罚, item (五) (docs/decisions/0027).
    A confiscation recorded before amounts were asked for (``True``) is not counted as large."""
    who = "person" if party_kind == "person" else "organisation"
    grounds = []
    if money(penalties.get("fine")) >= config.setting(f"hearing.fine.{who}"):
        grounds.append("第（一）项 较大数额罚款")
    if _large(penalties.get("confiscate_income"), f"hearing.income.{who}") or _large(
            penalties.get("confiscate_property"), f"hearing.property.{who}"):
        grounds.append("第（二）项 没收较大数额违法所得、没收较大价值非法财物")
    if any(penalties.get(kind) for kind in ("downgrade_qualification", "revoke_licence")):
        grounds.append("第（三）项 降低资质等级、吊销许可证件")
    if any(penalties.get(kind) for kind in ("suspend_business", "close", "restrict_practice")):
        grounds.append("第（四）项 责令停产停业、责令关闭、限制从业")
    if other == "heavier":
        grounds.append("第（五）项 其他较重的行政处罚")
    elif other == "rule":
        grounds.append("第（六）项 法律、法规、规章规定的其他情形")
    return grounds


def _large(amount, setting: str) -> bool:
    """An amount recorded (not the ``True`` of an old act) at or above the province's figure."""
    return not isinstance(amount, bool) and money(amount) > 0 and money(amount) >= config.setting(setting)


def hearing_rights(party_kind: str, penalties: dict, other: str = "") -> bool:
    """The proposed penalties carry the right to a hearing (处罚法 第六十三条)."""
    return bool(hearing_grounds(party_kind, penalties, other))


def _hearing_facts(log, data) -> dict:
    grounds = hearing_grounds(log.party_kind, data.get("proposed") or {}, data.get("hearing_other") or "")
    return {"hearing_rights": bool(grounds), "hearing_grounds": grounds}


def hearing_applies(log) -> bool:
    return bool(log.value("notify", "hearing_rights"))


def review_outcome(log) -> str | None:
    return log.value("review", "outcome")


def legal_review_required(log) -> bool:
    """处罚法 第五十八条: required for major public interest, complex cases, other statutory cases, and where the
    decision bears on major rights and went through a hearing."""
    review = log.last("review")
    if review is not None and (review.get("major_public_interest") or review.get("complex_case")
                               or review.get("other_review_ground")):
        return True
    return log.has("hold_hearing")


def legal_review_passed(log) -> bool:
    act = log.last("legal_review")
    return act is not None and bool(act.get("passed")) and log.since("legal_review", "hold_hearing")


def statement_done(log) -> bool:
    """The party was heard on the latest notice, waived the right, or let its period pass (处罚法 第四十五条、
    第六十二条): a statement on an earlier notice does not answer a new one (第四十四条)."""
    if log.since("record_statement", "notify"):
        return True
    return log.elapsed("penalty.statement")


def hearing_settled(log) -> bool:
    """No hearing is owed: no right to one, the right waived or not used in time, or the hearing held."""
    if not hearing_applies(log):
        return True
    if log.since("request_hearing", "notify"):
        return log.since("hold_hearing", "request_hearing")
    if any(a.get("waives_hearing") for a in since_notice(log, "record_statement")):
        return True
    return log.elapsed("penalty.hearing_request")


def since_notice(log, code: str) -> list:
    """The acts ``code`` recorded after the latest advance notice (处罚法 第四十四条: a new notice, 重新告知, opens the
    party's statement and hearing rights afresh)."""
    notice = log.last("notify")
    return [a for a in log.all(code) if notice is None or a.seq > notice.seq]


def decided(log) -> bool:
    return log.has("decide") or log.has("decide_on_spot") or log.has("decide_no_penalty")


def served(log) -> bool:
    """The decision in force was served: a decision changed after service is served again (处罚法 第六十一条)."""
    decision = log.decision
    after = decision.seq if decision is not None and decision.code == "change_decision" else 0
    return (any(a.get("document", "penalty_decision") == "penalty_decision" and a.seq > after
                for a in log.all("serve"))
            or any(a.seq > after for a in email_services(log, "penalty_decision")))


def email_services(log, document: str) -> list:
    """The e-mail services of ``document`` the recipient's server accepted and no later bounce voided
    (docs/decisions/0012)."""
    voided = {a.get("service_seq") for a in log.all("record_email_bounce")}
    return [a for a in log.all("record_email_service") if a.get("document") == document and a.seq not in voided]


DOCUMENT_NAMES = {"penalty_advance_notice": "行政处罚事先告知书", "penalty_decision": "行政处罚决定书",
                  "no_penalty_decision": "不予行政处罚决定书", "reminder": "催告书"}
DOCUMENT_ACTS = {"penalty_decision": "decide", "no_penalty_decision": "decide_no_penalty"}
# 《民事诉讼法》第九十五条 (applied by 处罚法 第六十一条): served by announcement, deemed served when thirty days have
# passed from publication, counted from the next day (民法典 第二百零一条; docs/decisions/0024)
ANNOUNCEMENT_DAYS = 30
ANNOUNCEMENT_BASIS = f"{CF}第六十一条；《中华人民共和国民事诉讼法》第九十五条"


def document_date(log, document: str) -> datetime.date | None:
    """The date of ``document``: the day of the latest act that produced it (a later act producing it again, a
    changed decision, replaces it)."""
    for act in reversed(log.acts):
        spec = log.procedure.act(act.code)
        if spec is not None and document in spec.documents:
            return act.date
    return None


def announced_served_on(published_on: datetime.date) -> datetime.date:
    """The day a document published by announcement is deemed served: the thirtieth day after publication
    (《民事诉讼法》第九十五条“经过三十日，即视为送达”; 民法典 第二百零一条: the day of publication not counted)."""
    return published_on + datetime.timedelta(days=ANNOUNCEMENT_DAYS)


def decision_served_on(log) -> datetime.date | None:
    """The first day the party had the decision: its first service (by announcement: its publication), or the day
    an on-the-spot decision was handed over (处罚法 第五十二条第二款)."""
    days = [date_of(a.get("published_on")) or date_of(a.get("served_on")) for a in log.all("serve")]
    days += [date_of(a.get("served_on")) for document in DOCUMENT_ACTS for a in email_services(log, document)]
    on_spot = log.last("decide_on_spot")
    if on_spot is not None:
        days.append(on_spot.date)
    days = [d for d in days if d is not None]
    return min(days) if days else None


def notice_served(log, notice) -> bool:
    """The advance notice ``notice`` has reached the party: served as recorded with it, or, sent by e-mail, once
    the recipient's server accepted it (docs/decisions/0012)."""
    if notice.get("service_method") != "email":
        return True
    return any(a.seq > notice.seq for a in email_services(log, "penalty_advance_notice"))


def email_consent(log):
    """The party's latest 送达地址确认书, when it consents to e-mail service and names the address (a later
    confirmation replaces the earlier)."""
    act = log.last("confirm_service_address")
    return act if act is not None and act.get("consent") and act.get("email") else None


def unpaid(log) -> bool:
    return log.fine > 0 and not log.fine_paid


def pay_overdue(log) -> bool:
    return unpaid(log) and log.elapsed("penalty.pay")


def remedy_pending(log) -> bool:
    return any(remedy_concluded_on(log, a) is None for a in log.all("record_remedy"))


def open_remedies(log) -> list:
    return [a for a in log.all("record_remedy") if remedy_concluded_on(log, a) is None]


# Results of review or litigation (处罚法 第七十三条): the decision's obligation ends when it is revoked or void;
# confirmed illegal without being revoked it stays in force (《中华人民共和国行政诉讼法》第七十四条).
REMEDY_CHANGING = ("changed", "revoked", "confirmed_illegal", "confirmed_void")
REMEDY_ENDING = ("revoked", "confirmed_void")
# Penalties the party must perform, which the court can be asked to enforce (强制法 第五十三条): the fine, handing
# over the illegal income and the illegal property, stopping production or business, closing, restricting business.
# The others take effect by the decision itself or by the agency's own act (docs/decisions/0028).
OBLIGATIONS = ("confiscate_income", "confiscate_property", "suspend_business", "close", "restrict_business")


def remedy_results(log) -> list:
    """The results of review or litigation, from ``conclude_remedy`` and from older ``record_remedy`` records
    that carry their result (``revoked`` there meant 撤销或者确认违法、无效)."""
    return ([a for a in log.all("record_remedy") if a.get("result")] + log.all("conclude_remedy"))


def decision_revoked(log) -> bool:
    """The decision in force was revoked or confirmed void after it was taken: no obligation is left."""
    decision = log.decision
    return decision is not None and any(a.get("result") in REMEDY_ENDING and a.seq > decision.seq
                                        for a in remedy_results(log))


def penalties_in_force(log) -> dict:
    decision = log.decision
    return (decision.get("penalties") or {}) if decision is not None else {}


def other_obligation(log) -> bool:
    """The decision in force orders the party to perform something besides the fine (强制法 第五十三条)."""
    penalties = penalties_in_force(log)
    return not decision_revoked(log) and any(penalties.get(k) for k in OBLIGATIONS)


def obligation(log) -> bool:
    return not decision_revoked(log) and (log.fine > 0 or other_obligation(log))


def perform_by(log) -> datetime.date | None:
    """The day by which an obligation other than the fine is to be performed: the decision's 履行期限, or, when it
    sets none, the last day of fifteen days from receipt, as for the fine (处罚法 第六十七条第三款; a deferral of
    the fine does not defer the rest; docs/decisions/0028)."""
    from yuezhifa.core.calendar import compute_deadline

    decision = log.decision
    stated = date_of(decision.get("perform_by")) if decision is not None else None
    if stated is not None:
        return stated
    serve = next((a for a in reversed(log.all("serve"))
                  if a.get("document", "penalty_decision") == "penalty_decision"), None)
    served_on = date_of(serve.get("served_on")) if serve is not None else None
    return compute_deadline(log.rules["penalty.pay"], served_on).due if served_on else None


def other_obligation_overdue(log) -> bool:
    due = perform_by(log)
    return other_obligation(log) and due is not None and log.today > due


def outstanding(log) -> bool:
    """An obligation is left for compulsion: the fine unpaid, or, in a decision without a fine, another obligation
    not yet taken to the court or enforced (the platform records no performance of those: with a fine, paying it
    is taken as performing the decision; docs/decisions/0028)."""
    if decision_revoked(log):
        return False
    return unpaid(log) or (other_obligation(log) and not log.fine_paid
                           and not (log.has("apply_court") or log.has("enforce")))


def transfer_approved(log) -> bool:
    return bool(log.value("decide_transfer", "approved"))


def litigation_end(log, act=None) -> datetime.date | None:
    """The court window of 强制法 第五十三条 runs from the end of the remedy periods (the litigation period is the
    longer), or from the conclusion of a review or lawsuit when that comes later, or from the end of an approved
    deferral or instalments if later still (处罚法 第七十二条第二款). Read from the whole log as it stands, so that a
    later conclusion or deferral moves the window (``_court_window_follows``)."""
    ends = [state.due for rule in ("remedy.review", "remedy.litigation") if (state := log.deadline(rule))]
    if not ends:
        return None
    end = max(ends)
    for remedy in log.all("record_remedy"):
        concluded = remedy_concluded_on(log, remedy)
        if concluded is not None:
            end = max(end, concluded)
    deferral = log.last("approve_deferral")
    if deferral is not None:
        end = max(end, date_of(deferral.get("until")))
    return end


def _court_window_follows(log, act, states) -> None:
    """Move the open court-application window to the start ``litigation_end`` gives now (强制法 第五十三条)."""
    from yuezhifa.core.calendar import compute_deadline

    state = log.open_deadline("compulsion.court_application")
    begin = litigation_end(log)
    if state is None or begin is None or begin == state.start:
        return
    deadline = compute_deadline(log.rules["compulsion.court_application"], begin)
    state.start, state.due = begin, deadline.due
    state.provisional, state.provisional_reason = deadline.provisional, deadline.provisional_reason
    state.explanation = (f"因{act.name}（第{act.seq}项），自{begin.year}年{begin.month}月{begin.day}日起重新计算："
                         + deadline.explanation)


def _effects(*effects):
    def effect(log, act, states):
        for one in effects:
            one(log, act, states)

    return effect


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


def _heavier(penalties: dict, before: dict, what: str) -> list[str]:
    """How ``penalties`` are heavier than ``before`` (what the party was told, or the decision in force)."""
    heavier = []
    if money(penalties.get("fine")) > money(before.get("fine")):
        heavier.append(f"罚款{money(penalties.get('fine'))}元高于{what}的{money(before.get('fine'))}元")
    heavier += [f"增加了{what}中没有的“{label}”" for key, label in _labels().items()
                if penalties.get(key) and not before.get(key)]
    for key in ("confiscate_income", "confiscate_property"):
        now, earlier = penalties.get(key), before.get(key)
        if now and earlier and not isinstance(earlier, bool) and money(now) > money(earlier):
            heavier.append(f"{_labels()[key].split('（')[0]}{money(now)}元高于{what}的{money(earlier)}元")
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
    from ..discretion_check import discretion_problem

    return discretion_problem(log, data)


def _discretion_snapshot(log, data):
    from ..discretion_check import discretion_snapshot

    return discretion_snapshot(log, data)


def _no_penalty_grounds(log, data):
    from ..discretion_check import no_penalty_problem

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
        return f"对{who}当场处以罚款不得超过{limit}元（本案{fine}元），应当适用普通程序。"
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
    from ..surcharge import surcharge_outstanding

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


# --- guards on the log ---------------------------------------------------------------------------------------------

SOURCE_VERIFIED_TO_FILE = Guard(lambda log: log.value("verify_source", "conclusion") == "file",
                                "案源核查意见为建议不予立案。", f"{CF}第五十四条第二款")
SOURCE_VERIFIED_NOT_TO_FILE = Guard(lambda log: log.value("verify_source", "conclusion") == "not_file",
                                    "案源核查意见为建议立案。", f"{CF}第五十四条第二款")
NOT_DECIDED = Guard(lambda log: not decided(log), "案件已经作出决定。", f"{CF}第五十七条")
def unused_preservation_approvals(log) -> list:
    """The head's approvals of 先行登记保存 not yet carried out by a preservation."""
    used = {a.get("approval_seq") for a in log.all("preserve_evidence")}
    return [a for a in log.all("approve_preservation") if a.seq not in used]


def open_preservations(log) -> list:
    """The preservations whose 7-day handling deadline is still open, by the seq of their act."""
    return [d.started_by for d in log.deadlines.values() if d.rule == "penalty.preservation" and d.open]


def _approval_named(log, data):
    seq = data.get("approval_seq")
    if seq is not None and seq not in {a.seq for a in unused_preservation_approvals(log)}:
        return f"第{seq}项不是行政机关负责人尚未实施的先行登记保存批准。"
    return None


def _preservation_named(log, data):
    seq, pending = data.get("preservation_seq"), open_preservations(log)
    if seq is None and len(pending) > 1:
        listed = "、".join(f"第{s}项" for s in pending)
        return f"有{len(pending)}项先行登记保存尚未处理（{listed}），请选择本决定处理的一项；每项应当分别作出处理决定。"
    if seq is not None and seq not in pending:
        return f"第{seq}项不是尚未作出处理决定的先行登记保存。"
    return None


def _handle_one(log, act, states):
    """A handling decision ends the 7-day deadline of the preservation it names; one recorded before it named one
    ended them all."""
    seq = act.get("preservation_seq")
    for state in states.values():
        if state.rule == "penalty.preservation" and state.open and (seq is None or state.started_by == seq):
            state.met_at, state.met_by = act.performed_at, act.seq


PRESERVATION_APPROVED = Guard(lambda log: bool(unused_preservation_approvals(log)),
                              "先行登记保存须经行政机关负责人批准，尚无未实施的批准。", f"{CF}第五十六条")
PRESERVATION_HANDLED = Guard(lambda log: log.open_deadline("penalty.preservation") is None,
                             "先行登记保存的证据尚未作出处理决定。", f"{CF}第五十六条")
PRESERVATION_OPEN = Guard(lambda log: log.open_deadline("penalty.preservation") is not None,
                          "没有待处理的先行登记保存证据。", f"{CF}第五十六条")
OUTCOME_PENALTY = Guard(lambda log: review_outcome(log) == "penalty",
                        "负责人审查决定不是给予行政处罚。", f"{CF}第五十七条第一款第（一）项")
OUTCOME_NO_PENALTY = Guard(lambda log: review_outcome(log) in ("no_penalty_minor", "no_penalty_unproven"),
                           "负责人审查决定不是不予行政处罚。", f"{CF}第五十七条第一款第（二）项、第（三）项")
NOTICE_SERVED = Guard(lambda log: log.has("notify"),
                      "作出行政处罚决定之前，须告知当事人拟作出的行政处罚内容及事实、理由、依据和依法享有的权利。",
                      f"{CF}第六十二条、第四十四条")
STATEMENT_DONE = Guard(statement_done,
                       "当事人的陈述、申辩尚未听取，且陈述、申辩期限未届满（当事人明确放弃的除外）。",
                       f"{CF}第六十二条、第四十五条")
HEARING_APPLIES = Guard(hearing_applies, "拟作出的行政处罚不属于应当告知听证权利的情形。", f"{CF}第六十三条")
HEARING_SETTLED = Guard(hearing_settled,
                        "当事人要求听证的，应当组织听证并根据听证笔录作出决定；听证要求期限尚未届满的，应当等待。",
                        f"{CF}第六十四条第（一）项、第六十五条")
HEARING_REQUEST_OPEN = Guard(lambda log: not log.elapsed("penalty.hearing_request"),
                             "当事人要求听证的期限（告知后五个工作日）已经届满。", f"{CF}第六十四条第（一）项")
NOT_REQUESTED_SINCE_NOTICE = Guard(lambda log: not since_notice(log, "request_hearing"),
                                   "当事人已就最近一次告知要求听证。", f"{CF}第六十四条第（一）项")
HEARING_REQUESTED = Guard(lambda log: log.since("request_hearing", "notify")
                          and not log.since("notify_hearing", "request_hearing"),
                          "当事人没有就最近一次告知要求听证，或者已经通知听证。", f"{CF}第六十四条第（二）项")
HEARING_NOTIFIED = Guard(lambda log: log.since("notify_hearing", "request_hearing")
                         and not log.since("hold_hearing", "notify_hearing"),
                         "没有已通知、尚未举行的听证。", f"{CF}第六十四条")
LEGAL_REVIEW_DONE = Guard(lambda log: not legal_review_required(log) or legal_review_passed(log),
                          "本案须经法制审核；未经法制审核或者审核未通过的，不得作出决定。", f"{CF}第五十八条")
LEGAL_REVIEW_REQUIRED = Guard(legal_review_required, "本案不属于须经法制审核的情形（可以直接作出决定）。",
                              f"{CF}第五十八条")
COLLECTIVE_DONE = Guard(lambda log: not log.value("review", "collective") or log.has("collective_discussion"),
                        "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。", f"{CF}第五十七条第二款")
COLLECTIVE_REQUIRED = Guard(lambda log: bool(log.value("review", "collective")),
                            "负责人审查时未要求集体讨论。", f"{CF}第五十七条第二款")
HEARING_DONE_IF_NOTIFIED = Guard(lambda log: not log.since("notify_hearing", "hold_hearing"),
                                 "已通知听证，须先举行听证。", f"{CF}第六十五条")
DECIDED_WITH_PENALTY = Guard(lambda log: log.has("decide") or log.has("decide_on_spot"),
                             "尚未作出行政处罚决定。", f"{CF}第五十九条")
DECISION_SERVED = Guard(served, "行政处罚决定书尚未送达。", f"{CF}第六十一条、第六十七条第三款")
UNPAID = Guard(unpaid, "没有未缴清的罚款。", f"{CF}第六十六条")
PAY_OVERDUE = Guard(pay_overdue, "缴纳罚款的期限尚未届满，或者罚款已缴清。", f"{CF}第七十二条第一款；{QZ}第五十四条")
REMINDER_ELAPSED = Guard(lambda log: log.elapsed("compulsion.reminder_wait") and outstanding(log),
                         "催告书送达后满十个工作日当事人仍未履行的，方可申请人民法院强制执行。", f"{QZ}第五十四条")
REMEDY_PERIOD_OVER = Guard(lambda log: log.elapsed("remedy.litigation"),
                           "当事人申请行政复议、提起行政诉讼的法定期限尚未届满。", f"{QZ}第五十三条")
NO_REMEDY_PENDING = Guard(lambda log: not remedy_pending(log), "行政复议或者行政诉讼尚未审结。", f"{QZ}第五十三条")
OBLIGATION_OVERDUE = Guard(lambda log: pay_overdue(log) or other_obligation_overdue(log),
                           "缴纳罚款的期限尚未届满或者罚款已缴清，且没有履行期限已届满的其他义务（没收非法财物、"
                           "责令停产停业等）。", f"{CF}第七十二条第一款；{QZ}第五十四条")
OUTSTANDING = Guard(outstanding, "当事人没有尚未履行的义务。", f"{QZ}第三十五条")
NOT_REVOKED = Guard(lambda log: not decision_revoked(log),
                    "行政处罚决定已被撤销或者确认无效，当事人不再负有履行义务。", f"{CF}第七十三条")
REMEDY_OPEN = Guard(lambda log: bool(open_remedies(log)), "没有尚未审结的行政复议、行政诉讼。", f"{CF}第七十三条")
DECISION_IN_FORCE_SERVED = Guard(lambda log: log.has("decide") and served(log) and not decision_revoked(log),
                                 "行政处罚决定书尚未送达，或者决定已被撤销、确认无效。", f"{CF}第六十一条")
TRANSFER_FLAGGED = Guard(lambda log: log.has("flag_crime") or review_outcome(log) == "transfer",
                         "尚未报告涉嫌犯罪。", f"{YS}第五条")
TRANSFER_APPROVED = Guard(transfer_approved, "负责人未批准移送。", f"{YS}第五条第二款")
CASH_COLLECTED = Guard(lambda log: log.open_deadline("penalty.cash_handover") is not None,
                       "没有待交至行政机关的当场收缴罚款。", f"{CF}第七十一条")
FINE_DECIDED = Guard(lambda log: log.fine > 0, "决定中没有罚款。", f"{CF}第六十七条")
NO_OPEN_PAUSE = Guard(lambda log: pr.open_pause(log) is None, "已有尚未恢复计算的不计入办案期限的期间。",
                      f"{CF}第六十条")
PAUSE_OPEN = Guard(lambda log: pr.open_pause(log) is not None, "没有暂停计算的办案期限。", f"{CF}第六十条")
NOT_COLLECTED = Guard(lambda log: not log.has("collect_on_spot") and not log.paid, "罚款已经缴纳或者收缴。",
                      f"{CF}第六十八条")


def closable(log) -> bool:
    if log.has("decide_no_penalty"):
        return served_no_penalty(log)
    if log.has("transfer"):
        return True
    if not (log.has("decide") or log.has("decide_on_spot")):
        return False
    if log.has("decide") and not served(log):
        return False
    if log.open_deadline("penalty.cash_handover") is not None:
        return False
    return not unpaid(log) or log.has("apply_court") or log.has("enforce")


def served_no_penalty(log) -> bool:
    return (any(a.get("document") == "no_penalty_decision" for a in log.all("serve"))
            or bool(email_services(log, "no_penalty_decision")))


CLOSABLE = Guard(closable, "案件尚未执行完毕（决定未送达、罚款未缴清且未申请强制执行，或者当场收缴的罚款未交至行政机关）。",
                 f"{CF}第四十七条")


def _review_stage(log, act):
    outcome = act.get("outcome")
    return {"transfer": "transfer", "penalty": "review"}.get(outcome, "decision_pending")


def _file_summary(act):
    return f"立案：{act.get('cause') or ''}"


def _extend(log, act, states):
    state = states.get("penalty.decide")
    if state is None or not state.open:
        return
    days = int(act.get("days"))
    state.due = state.due + datetime.timedelta(days=days)
    how = "集体讨论决定" if act.get("approval") == "collective" else "批准"
    state.explanation += (f"经行政机关负责人{how}，依照{act.get('basis')}延长{days}日，"
                          f"期限届满日为{state.due.year}年{state.due.month}月{state.due.day}日。")


def _defer(log, act, states):
    state = log.open_deadline("penalty.pay")
    if state is None:
        return
    until = date_of(act.get("until"))
    state.due = until
    state.explanation += (f"经当事人申请和行政机关批准{'延期' if act.get('kind') == 'defer' else '分期'}缴纳，"
                          f"缴清期限为{until.year}年{until.month}月{until.day}日（{CF}第六十六条第二款）。")
    if act.get("kind") == "instalments":
        state.explanation += f"分期计划：{x.instalment_text(act)}。"
        x.move_to_next_instalment(log, act, states)


def _after_decision_service(log, act):
    return act.get("document", "penalty_decision") == "penalty_decision" and log.fine > 0


def _obligation_served(log, act):
    """The decision served imposes an obligation the court can be asked to enforce (强制法 第五十三条)."""
    return act.get("document", "penalty_decision") == "penalty_decision" and obligation(log)


def _decision_served(log, act):
    return act.get("document", "penalty_decision") == "penalty_decision"


def _served_on(log, act):
    return date_of(act.get("served_on"))


def _notice_served_on(log, act):
    return date_of(act.get("served_on"))


def _renotify(log, act, states):
    """A new advance notice (重新告知, 处罚法 第四十四条、第四十五条第二款): the statement and hearing-request periods of the
    earlier notice end; the new notice's run from its own service."""
    for state in states.values():
        if state.rule in ("penalty.statement", "penalty.hearing_request") and state.open and state.started_by != act.seq:
            state.met_at, state.met_by = act.performed_at, act.seq
            state.explanation += "已重新告知，改为自新的告知书送达之日起重新计算（见新的行政处罚事先告知）。"


def _service_summary(act):
    if (act.get("method") or act.get("service_method")) != "announcement":
        return ""
    return (f"公告送达：{act.get('published_on')}在{act.get('published_in') or ''}发布公告，经过三十日，"
            f"{act.get('served_on')}视为送达（《中华人民共和国民事诉讼法》第九十五条）。")


def _notice_summary(act):
    """The notice's service and, as the case page shows it, why the party has (or has not) the right to a hearing
    (处罚法 第六十三条; the reading of items (五)(六): docs/decisions/0027)."""
    grounds = act.get("hearing_grounds")
    if grounds:
        hearing = f"告知听证权利：{CF}第六十三条第一款{'；'.join(grounds)}。"
    elif "hearing_rights" in act.data:
        hearing = f"拟作出的处罚不属于{CF}第六十三条第一款应当告知听证权利的情形。"
    else:
        hearing = ""
    return "".join(part for part in (_service_summary(act), hearing) if part)


def _hearing_rights_now(log, act):
    return bool(act.get("hearing_rights"))


def _transfer_is_approved(log, act):
    return bool(act.get("approved"))


# --- e-mail service (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012) ------------------------------------

EMAIL_BASIS = f"{CF}第六十一条第二款；{BF}第三十条"
EMAIL_CONSENTED = Guard(lambda log: email_consent(log) is not None,
                        "当事人未在送达地址确认书中同意采用电子邮件送达并确认电子邮件地址（以最近一次确认为准），"
                        "不能以电子邮件送达。", EMAIL_BASIS)
SOMETHING_TO_SERVE = Guard(lambda log: log.has("notify") or decided(log),
                           "尚无可以送达的行政处罚事先告知书或者决定书。", f"{CF}第六十一条")


def _email_pending(kind: str):
    def test(log) -> bool:
        from ..email_service import pending_record

        return pending_record(log.case, kind) is not None

    return test


EMAIL_ACCEPTED_UNRECORDED = Guard(_email_pending("service"), "没有邮件服务器已接收、尚待记录送达的电子邮件。", EMAIL_BASIS)
EMAIL_BOUNCED_UNRECORDED = Guard(_email_pending("bounce"), "没有已记录送达后又被退回、尚待记录的电子邮件。", EMAIL_BASIS)


def _signed_not_later(log, data):
    signed = date_of(data.get("signed_on"))
    if signed is not None and signed > log.today:
        return "当事人签署确认书的日期不能晚于记录之日。"
    return None


def _email_document(log, data):
    document = data.get("document")
    if document == "penalty_decision" and not log.has("decide"):
        return "本案尚未作出行政处罚决定，没有行政处罚决定书可以送达。"
    if document == "no_penalty_decision" and not log.has("decide_no_penalty"):
        return "本案尚未作出不予行政处罚决定，没有不予行政处罚决定书可以送达。"
    if document == "penalty_advance_notice":
        if not log.has("notify"):
            return "本案尚未制作行政处罚事先告知书。"
        if decided(log):
            return "本案已经作出决定，不再送达行政处罚事先告知书。"
    if (document == "penalty_decision" and served(log)) or (document == "no_penalty_decision"
                                                             and served_no_penalty(log)):
        return "该决定书已经送达，不再以电子邮件送达。"
    from ..email_service import open_delivery_problem

    return open_delivery_problem(log.case, document)


def _email_sealed(log, data):
    from ..email_service import seal_problem

    return seal_problem(log.case)


def _email_record_check(kind: str):
    def check(log, data):
        from ..email_service import record_problem

        return record_problem(log, data, kind)

    return check


def _email_enrich(kind: str):
    def enrich(log, data):
        from ..email_service import act_facts

        return act_facts(log, data, kind)

    return enrich


def _notice_emailed(log, act):
    return act.get("document") == "penalty_advance_notice" and log.open_deadline("penalty.statement") is not None


def _notice_emailed_with_hearing(log, act):
    return (act.get("document") == "penalty_advance_notice" and bool(log.value("notify", "hearing_rights"))
            and log.open_deadline("penalty.hearing_request") is not None)


def _email_service_effect(log, act, states):
    """An advance notice served by e-mail: the statement (and hearing request) periods run from the day the
    recipient's server accepted it, not from the day entered with the notice; the earlier ones are closed."""
    if act.get("document") != "penalty_advance_notice":
        return
    renewed = {s.rule for s in states.values() if s.started_by == act.seq}
    for state in states.values():
        if state.rule in renewed and state.started_by != act.seq and state.open:
            state.met_at, state.met_by = act.performed_at, act.seq
            state.explanation += "已改为自电子送达之日起重新计算（见电子送达记录）。"


def _void_email_service(log, act, states):
    """A bounce voids the e-mail service it follows (docs/decisions/0012): the periods it started are withdrawn and
    the ones it ended run again, unless a later act ended them as well."""
    seq = act.get("service_seq")
    if not seq:
        return
    later = [a for a in log.acts if a.seq > seq and a.seq != act.seq]
    for key, state in list(states.items()):
        if state.started_by == seq:
            del states[key]
        elif state.met_by == seq:
            stopper = next((a for a in later if log.procedure.act(a.code) is not None
                            and state.rule in log.procedure.act(a.code).stops), None)
            state.met_at, state.met_by = (stopper.performed_at, stopper.seq) if stopper else (None, None)


def _email_service_stage(log, act):
    return None if act.get("document") == "penalty_advance_notice" else "execution"


def _email_bounce_stage(log, act):
    if decided(log) and not (served(log) or served_no_penalty(log)):
        return "decided"
    return None


def _email_summary(act):
    return f"{act.get('document_title') or ''} → {act.get('address') or ''}"


def disclosed(log) -> bool:
    """The decision is on public display: its publication was approved, not withheld by law (the approval records
    why: a minor's case, secrets, 处罚法 第五十条) and not withdrawn since (办法 第四十五条)."""
    approval, withdrawal = log.last("approve_disclosure"), log.last("withdraw_disclosure")
    return (approval is not None and not approval.get("withheld")
            and (withdrawal is None or withdrawal.seq < approval.seq))


def changed_on_remedy(log) -> bool:
    """The decision in force was changed, revoked, or confirmed illegal or void on review or in court (a changed
    decision recorded since, ``change_decision``, is the one in force and may be published)."""
    decision = log.decision
    after = decision.seq if decision is not None else 0
    return any(a.get("result") in REMEDY_CHANGING and a.seq > after for a in remedy_results(log))


def _decision_changed(log, act) -> bool:
    return act.get("result") in REMEDY_CHANGING and disclosed(log)


def _obligation_ended(log, act, states) -> None:
    """A decision revoked or confirmed void on review or in court binds the party no more: the payment period and
    the compulsion deadlines end with the result (处罚法 第七十三条)."""
    if act.get("result") in REMEDY_ENDING:
        for state in states.values():
            if state.rule in ("penalty.pay", "compulsion.reminder_wait", "compulsion.court_application") and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _conclusion_check(log, data):
    remedy = next((a for a in log.all("record_remedy") if a.seq == data.get("remedy_seq")), None)
    if remedy is None:
        return f"第{data.get('remedy_seq')}项不是“行政复议、行政诉讼”的记录。"
    if remedy_concluded_on(log, remedy) is not None:
        return f"第{remedy.seq}项行政复议、行政诉讼已经记录审结。"
    concluded = date_of(data.get("concluded_on"))
    if concluded is not None and concluded < date_of(remedy.get("filed_on")):
        return "审结日期不能早于申请行政复议或者提起行政诉讼的日期。"
    if concluded is not None and concluded > log.today:
        return "审结日期不能晚于记录之日。"
    return None


def _conclusion_summary(act):
    return f"第{act.get('remedy_seq')}项审结：{dict(f.REMEDY_RESULTS).get(act.get('result'), '')}"


def _change_ground_check(log, data):
    if data.get("ground") != "remedy":
        return None
    remedy = next((a for a in remedy_results(log) if a.get("result") == "changed"
                   and data.get("remedy_seq") in (a.seq, a.get("remedy_seq"))), None)
    if remedy is None:
        return "因行政复议、行政诉讼变更的，请填写结果为“变更”的行政复议、行政诉讼（行为序号）。"
    return None


def _change_summary(act):
    return f"变更行政处罚决定：{act.get('reason') or ''}"


def _nothing_left_to_publish(log, act, states) -> None:
    """A decision changed or revoked before it was published is not published any more: its publication deadline
    ends with the remedy's result."""
    if act.get("result") in REMEDY_CHANGING:
        for state in states.values():
            if state.rule == "disclosure.publish" and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _changed_on(log, act) -> datetime.date | None:
    return date_of(act.get("concluded_on")) or act.date


def _changed_after_decision(log, data):
    decision = log.last("decide") or log.last("decide_on_spot")
    changed = data.get("changed_on")
    if decision is not None and changed is not None and changed < decision.date:
        return "决定被变更或者撤销之日不能早于作出决定之日。"
    if changed is not None and changed > log.today:
        return "决定被变更或者撤销之日不能晚于今天。"
    return None


DISCLOSED = Guard(disclosed, "该决定没有在公示（尚未批准公示、依法不予公开或者已经撤回）。", f"{BF}第四十五条")
NOT_CHANGED = Guard(lambda log: not changed_on_remedy(log), "该决定已被变更或者撤销，不再公示。", f"{CF}第四十八条第二款")
NOT_YET_APPROVED = Guard(lambda log: not log.has("approve_disclosure")
                         or log.last("approve_disclosure").seq < log.decision.seq,
                         "现行的行政处罚决定已经完成批准公示；决定变更后，可以批准公示变更后的决定。", f"{BF}第四十五条")


def disclosure_acts(decision: str) -> tuple[ActSpec, ActSpec]:
    """Publication of a penalty decision on the head's approval (办法 第四十五条; the disclosure platform publishes
    it in the act's transaction, yuezhifa.disclosure) and its withdrawal (处罚法 第四十八条第二款). Both may still be
    recorded once the case is closed: a decision is disclosed, or revoked on review, after its file is closed."""
    return (
        ActSpec("approve_disclosure", "批准公示行政处罚决定", f"{BF}第四十五条；{CF}第四十八条第一款", (HEAD,),
                f.ApproveDisclosure, after=(decision,), guards=(NOT_CHANGED, NOT_YET_APPROVED),
                stops=("disclosure.publish", "disclosure.withdraw"), after_close=True, repeatable=True, summary=lambda act: f"依法不予公开：{act.get('withheld')}" if act.get("withheld")
                else "已在公示平台公开",
                help="负责人批准后，行政处罚决定信息按遮蔽规则自动在公示平台公开；未成年人案件、涉密案件只记录不公开的理由。", queue="公示审批"),
        ActSpec("withdraw_disclosure", "撤回公示的行政处罚决定", f"{CF}第四十八条第二款", (HEAD,),
                f.WithdrawDisclosure, after=("approve_disclosure",), guards=(DISCLOSED,),
                checks=(Check(_changed_after_decision, "changed_on", f"{CF}第四十八条第二款"),),
                stops=("disclosure.withdraw",), after_close=True,
                help="行政处罚决定被依法变更、撤销、确认违法或者确认无效的，三个工作日内撤回公示信息并公开说明理由。"),
    )


# --- the acts ----------------------------------------------------------------------------------------------------

REGISTER_SOURCE = ActSpec(
    "register_source", "案源登记", f"{CF}第五十四条；{BF}第十八条", (OFFICER,), f.RegisterSource,
    checks=(Check(_monitoring_reviewed, "record_reviewed", f"{CF}第四十一条第二款"),
            Check(_penalty_item, "item", ITEM_BASIS)),
    documents=("case_source_register",),
    starts=(Start("penalty.file", when=lambda log, act: log.case.procedure == "penalty.general"),),
    stage="source",
    help="登记投诉举报、监督检查发现、移送、交办或者电子技术监控记录等案件来源。", carries_party=True)

CORRECT = ActSpec(
    "correct", "更正", f"{BF}第二十条", (OFFICER, HEAD), f.Correct, repeatable=True,
    checks=(Check(_correct_target, "changes", f"{BF}第二十条"),
            Check(_served_content_unchanged, "changes", f"{CF}第四十四条、第六十一条")),
    help="执法行为记录后不能修改或者删除；发现错误的，记录一项更正，说明更正的内容和理由。", correction=True)

CHANGE_BASIS = f"{CF}第四十四条、第四十五条、第六十一条；{BF}第四十五条"
CONCLUDE_REMEDY = ActSpec(
    "conclude_remedy", "行政复议、行政诉讼审结", f"{CF}第七十三条", (OFFICER,), f.ConcludeRemedy,
    after=("record_remedy",), guards=(REMEDY_OPEN,),
    checks=(Check(_conclusion_check, "remedy_seq", f"{CF}第七十三条"),),
    starts=(Start("disclosure.withdraw", when=_decision_changed, from_date=_changed_on),), repeatable=True,
    effect=_effects(_nothing_left_to_publish, _obligation_ended, _court_window_follows), summary=_conclusion_summary,
    help="记录行政复议决定或者人民法院裁判的结果及其生效日期：暂停计算的加处罚款自审结次日起恢复计算，"
         "申请人民法院强制执行的期限自审结之日起计算（晚于起诉期限届满之日的）；决定被撤销或者确认无效的，"
         "当事人不再履行。")

GENERAL_ACTS = (
    REGISTER_SOURCE,
    ActSpec("verify_source", "案源核查", f"{CF}第五十四条", (OFFICER,), f.VerifySource, after=("register_source",),
            stage="verified", help="对案件来源进行核查，提出立案或者不予立案的意见。"),
    ActSpec("file", "立案", f"{CF}第五十四条第二款", (HEAD,), f.File, after=("verify_source",),
            guards=(SOURCE_VERIFIED_TO_FILE,), checks=(*LIMITATION_CHECKS, Check(_penalty_item, "item", ITEM_BASIS)),
            enrich=lambda log, data: {"limitation": limitation(log, data)}, documents=("case_filing_approval",),
            stops=("penalty.file",),
            starts=(Start("penalty.decide"),), stage="investigation", summary=_file_summary,
            help="负责人批准立案，确定执法事项和两名以上承办人；立案之日起九十日内作出决定。", milestone="filed", queue="立案审批", carries_party=True),
    ActSpec("not_file", "不予立案", f"{CF}第五十四条第二款", (HEAD,), f.NotFile, after=("verify_source",),
            guards=(SOURCE_VERIFIED_NOT_TO_FILE,), documents=("case_nonfiling_approval",), stops=("penalty.file",),
            stage="not_filed", milestone="closed", queue="立案审批"),
    ActSpec("investigate", "调查取证（询问、检查）", f"{CF}第五十四条第一款、第五十五条", (OFFICER,), f.Investigate,
            after=("file",), guards=(NOT_DECIDED,), officers=2, on_site=True, files=True, repeatable=True,
            documents=("inquiry_record", "inspection_record"),
            checks=(Check(lambda log, d: None if d.get("certificates_shown") else
                          "执法人员在调查或者进行检查时，应当主动出示执法证件。", "certificates_shown", f"{CF}第五十五条"),)),
    ActSpec("collect_evidence", "证据登记", f"{CF}第四十六条", (OFFICER,), f.CollectEvidence, after=("file",),
            guards=(NOT_DECIDED,), officers=2, on_site=True, files=True, repeatable=True),
    ActSpec("approve_preservation", "批准先行登记保存", f"{CF}第五十六条", (HEAD,), f.ApprovePreservation,
            after=("file",), guards=(NOT_DECIDED,), repeatable=True,
            help="证据可能灭失或者以后难以取得的，由行政机关负责人批准先行登记保存；执法人员据此实施。"),
    ActSpec("preserve_evidence", "先行登记保存证据", f"{CF}第五十六条", (OFFICER,), f.PreserveEvidence,
            after=("file",), guards=(NOT_DECIDED, PRESERVATION_APPROVED), officers=2, on_site=True, files=True,
            repeatable=True, checks=(Check(_approval_named, "approval_seq", f"{CF}第五十六条"),),
            enrich=lambda log, data: {"approval_seq": data.get("approval_seq")
                                      or unused_preservation_approvals(log)[0].seq},
            documents=("evidence_preservation_notice",), starts=(Start("penalty.preservation"),)),
    ActSpec("handle_preserved", "先行登记保存证据处理决定", f"{CF}第五十六条", (HEAD,), f.HandlePreserved,
            after=("preserve_evidence",), guards=(PRESERVATION_OPEN,), repeatable=True,
            checks=(Check(_preservation_named, "preservation_seq", f"{CF}第五十六条"),),
            enrich=lambda log, data: {"preservation_seq": data.get("preservation_seq") or open_preservations(log)[0]},
            documents=("evidence_preservation_handling_notice",), effect=_handle_one, queue="先行登记保存处理审批"),
    ActSpec("recuse", "回避", f"{CF}第四十三条", (HEAD,), f.Recuse, after=("file",), guards=(NOT_DECIDED,),
            repeatable=True, recusal=True),
    ActSpec("flag_crime", "报告涉嫌犯罪", f"{CF}第二十七条第一款；{YS}第五条第一款", (OFFICER,), f.FlagCrime,
            after=("file",), guards=(NOT_DECIDED,), starts=(Start("penalty.transfer_decision"),)),
    ActSpec("finish_investigation", "调查终结", f"{CF}第五十七条第一款", (OFFICER,), f.FinishInvestigation,
            after=("investigate",), guards=(NOT_DECIDED, PRESERVATION_HANDLED), officers=2,
            documents=("investigation_final_report",), stage="review"),
    ActSpec("review", "负责人审查", f"{CF}第五十七条", (HEAD,), f.Review, after=("finish_investigation",),
            guards=(NOT_DECIDED,), stage=_review_stage, queue="负责人审查"),
    ActSpec("confirm_service_address", "送达地址确认", EMAIL_BASIS, (OFFICER,), f.ConfirmServiceAddress,
            after=("file",), checks=(Check(_signed_not_later, "signed_on", EMAIL_BASIS),), repeatable=True,
            help="记录当事人签署的送达地址确认书：邮寄地址，是否同意采用电子邮件送达及接收文书的电子邮件地址。"
                 "可以多次记录，以最近一次为准。"),
    ActSpec("notify", "行政处罚事先告知", f"{CF}第四十四条、第六十二条、第六十三条", (OFFICER,), f.Notify,
            after=("review",), guards=(OUTCOME_PENALTY, NOT_DECIDED),
            checks=(Check(_some_penalty("proposed"), "proposed", f"{CF}第九条"),
                    Check(_served_on_window("告知书送达日期", "penalty_advance_notice", own=True), "served_on",
                          f"{CF}第四十四条、第四十五条"),
                    Check(_published_on_window("penalty_advance_notice", own=True), "published_on",
                          ANNOUNCEMENT_BASIS)),
            documents=("penalty_advance_notice",), enrich=_hearing_facts,
            starts=(Start("penalty.statement", from_date=_notice_served_on),
                    Start("penalty.hearing_request", from_date=_notice_served_on, when=_hearing_rights_now)),
            effect=_renotify, repeatable=True, summary=_notice_summary, stage="notice",
            help="告知拟作出的行政处罚及其事实、理由、依据和当事人的权利。拟作出更重的处罚的，应当重新告知："
                 "再次记录本行为，陈述、申辩（听证）期限自新的告知书送达之日起重新计算。"),
    ActSpec("record_statement", "陈述、申辩", f"{CF}第四十五条", (OFFICER,), f.RecordStatement, after=("notify",),
            guards=(NOT_DECIDED,), documents=("statement_record",), stops=("penalty.statement",), repeatable=True,
            effect=lambda log, act, states: _waive_hearing(log, act, states)),
    ActSpec("request_hearing", "当事人要求听证", f"{CF}第六十三条、第六十四条第（一）项", (OFFICER,), f.RequestHearing,
            after=("notify",), guards=(HEARING_APPLIES, HEARING_REQUEST_OPEN, NOT_REQUESTED_SINCE_NOTICE, NOT_DECIDED),
            checks=(Check(_hearing_in_time, "requested_on", f"{CF}第六十四条第（一）项"),),
            stops=("penalty.hearing_request",), repeatable=True, stage="hearing"),
    ActSpec("notify_hearing", "听证通知", f"{CF}第六十四条第（二）项", (OFFICER,), f.NotifyHearing,
            after=("request_hearing",), guards=(HEARING_REQUESTED,),
            checks=(Check(_hearing_notice_period, "hearing_at", f"{CF}第六十四条第（二）项"),
                    Check(_chair_not_investigator, "chair", f"{CF}第六十四条第（四）项")),
            documents=("hearing_notice",), repeatable=True),
    ActSpec("hold_hearing", "举行听证", f"{CF}第六十四条、第六十五条", (OFFICER, HEAD), f.HoldHearing,
            after=("notify_hearing",), guards=(HEARING_NOTIFIED,),
            checks=(Check(_hearing_held_after_notice, "performed_at", f"{CF}第六十四条第（二）项"),),
            documents=("hearing_record", "hearing_report"), repeatable=True, stage="decision_pending"),
    ActSpec("legal_review", "法制审核", f"{CF}第五十八条", (LEGAL_REVIEWER,), f.LegalReview, after=("review",),
            guards=(LEGAL_REVIEW_REQUIRED, NOT_DECIDED, STATEMENT_DONE, HEARING_DONE_IF_NOTIFIED,
                    Guard(lambda log: not legal_review_passed(log), "法制审核已经通过。", f"{CF}第五十八条")),
            actor_checks=(ActorCheck(_reviewer_qualified, "actor", f"{CF}第五十八条第二款"),),
            repeatable=True,
            documents=("legal_review_opinion",), queue="法制审核"),
    ActSpec("collective_discussion", "集体讨论", f"{CF}第五十七条第二款", (HEAD,), f.CollectiveDiscussion,
            after=("review",), guards=(COLLECTIVE_REQUIRED, NOT_DECIDED, STATEMENT_DONE),
            documents=("collective_discussion_record",), queue="集体讨论"),
    ActSpec("extend_decision", "延长办案期限", f"{CF}第六十条", (HEAD,), f.ExtendDecision, after=("file",),
            guards=(NOT_DECIDED,), repeatable=True, effect=_extend,
            checks=(Check(pr.extension_problem, "days", f"{CF}第六十条"),
                    Check(pr.approval_problem, "approval", f"{CF}第六十条")),
            enrich=pr.extension_facts,
            help="依照本案执法领域的规定（法律、法规、规章另有规定的，从其规定），在办案期限届满前批准延长，"
                 "累计不超过规定的上限；没有规定的，不能延长。"),
    ActSpec("suspend_decision_period", "办案期限暂停计算", f"{CF}第六十条", (OFFICER, HEAD),
            f.SuspendDecisionPeriod, after=("file",), guards=(NOT_DECIDED, NO_OPEN_PAUSE), repeatable=True,
            checks=(Check(pr.pause_kind_problem, "kind", f"{CF}第六十条"),
                    Check(pr.pause_start_problem, "started_on", f"{CF}第六十条")),
            enrich=pr.pause_facts, effect=pr.suspend_effect, summary=pr.pause_summary,
            help="听证、公告、检测、检验、检疫、鉴定等依本案执法领域的规定不计入办案期限的期间开始：记录开始之日，"
                 "结束时记录“办案期限恢复计算”，届满日按暂停的日数顺延。"),
    ActSpec("resume_decision_period", "办案期限恢复计算", f"{CF}第六十条", (OFFICER, HEAD),
            f.ResumeDecisionPeriod, guards=(PAUSE_OPEN,), repeatable=True,
            checks=(Check(pr.pause_end_problem, "ended_on", f"{CF}第六十条"),), effect=pr.resume_effect,
            help="不计入办案期限的期间结束：开始之日不计入（民法典第二百零一条），届满日顺延开始之日至结束之日的日数。"),
    ActSpec("decide", "作出行政处罚决定", f"{CF}第五十七条、第五十九条", (HEAD,), f.Decide, after=("review",),
            guards=(OUTCOME_PENALTY, NOTICE_SERVED, STATEMENT_DONE, HEARING_SETTLED, LEGAL_REVIEW_DONE,
                    COLLECTIVE_DONE, NOT_DECIDED),
            checks=(Check(_some_penalty("penalties"), "penalties", f"{CF}第九条"),
                    Check(_not_raised, "penalties", f"{CF}第四十五条第二款"),
                    Check(_within_benchmark, "penalties", f"{CF}第五条；{BF}第十三条第（五）项")),
            documents=("penalty_decision_approval", "penalty_decision"),
            stops=("penalty.decide", "penalty.statement", "penalty.hearing_request"),
            enrich=lambda log, data: {"discretion": _discretion_snapshot(log, data)},
            starts=(Start("penalty.serve"), Start("disclosure.publish")), stage="decided",
            milestone="decided", queue="处罚决定审批"),
    ActSpec("decide_no_penalty", "作出不予行政处罚决定", f"{CF}第五十七条第一款第（二）项、第（三）项", (HEAD,),
            f.DecideNoPenalty, after=("review",), guards=(OUTCOME_NO_PENALTY, NOT_DECIDED, LEGAL_REVIEW_DONE),
            checks=(Check(_no_penalty_grounds, "reason", f"{CF}第三十三条"),),
            documents=("no_penalty_decision",), stops=("penalty.decide",), starts=(Start("penalty.serve"),),
            stage="decided", milestone="decided", queue="处罚决定审批"),
    ActSpec("serve", "送达决定书", f"{CF}第六十一条", (OFFICER,), f.Serve,
            guards=(Guard(decided, "尚未作出决定。", f"{CF}第六十一条"),), officers=2, repeatable=True,
            checks=(Check(_decision_exists, "document", f"{CF}第六十一条"),
                    Check(_served_on_window("决定书送达日期", _served_document), "served_on", f"{CF}第六十一条"),
                    Check(_published_on_window(_served_document), "published_on", ANNOUNCEMENT_BASIS)),
            documents=("service_receipt",), stops=("penalty.serve",), summary=_service_summary,
            starts=(Start("penalty.pay", from_date=_served_on, when=_after_decision_service),
                    Start("remedy.review", from_date=_served_on, when=_decision_served),
                    Start("remedy.litigation", from_date=_served_on, when=_decision_served),
                    Start("compulsion.court_application", from_date=litigation_end, when=_obligation_served)),
            stage="execution"),
    ActSpec("send_by_email", "电子邮件送达", EMAIL_BASIS, (OFFICER,), f.SendByEmail,
            after=("confirm_service_address",), guards=(EMAIL_CONSENTED, SOMETHING_TO_SERVE),
            checks=(Check(_email_document, "document", EMAIL_BASIS),
                    Check(_email_sealed, "document", f"{BF}第二十七条")), enrich=_email_enrich("send"),
            repeatable=True, summary=_email_summary,
            help="将加盖电子印章的文书以电子邮件发送到当事人在送达地址确认书中确认的地址。"
                 "邮件服务器接收邮件后，平台自动记录送达，期限自接收之日起计算。"),
    ActSpec("record_email_service", "电子送达到达", EMAIL_BASIS, (OFFICER,), f.RecordEmailService,
            after=("send_by_email",), guards=(EMAIL_ACCEPTED_UNRECORDED,),
            checks=(Check(_email_record_check("service"), "delivery", EMAIL_BASIS),),
            enrich=_email_enrich("service"), stops=("penalty.serve",),
            starts=(Start("penalty.pay", from_date=_served_on, when=_after_decision_service),
                    Start("remedy.review", from_date=_served_on, when=_decision_served),
                    Start("remedy.litigation", from_date=_served_on, when=_decision_served),
                    Start("compulsion.court_application", from_date=litigation_end, when=_obligation_served),
                    Start("penalty.statement", from_date=_served_on, when=_notice_emailed),
                    Start("penalty.hearing_request", from_date=_served_on, when=_notice_emailed_with_hearing)),
            effect=_email_service_effect, repeatable=True, stage=_email_service_stage, summary=_email_summary,
            help="邮件服务器接收邮件（答复 250）的时间为送达时间，由平台自动记录；送达日期起计算缴纳罚款、"
                 "申请行政复议、提起行政诉讼等期限。"),
    ActSpec("record_email_bounce", "电子送达退信", EMAIL_BASIS, (OFFICER,), f.RecordEmailBounce,
            after=("record_email_service",), guards=(EMAIL_BOUNCED_UNRECORDED,),
            checks=(Check(_email_record_check("bounce"), "delivery", EMAIL_BASIS),),
            enrich=_email_enrich("bounce"), effect=_void_email_service, repeatable=True,
            stage=_email_bounce_stage, summary=_email_summary,
            help="已记录送达的邮件被退回的，邮件未到达当事人的电子邮箱，该次电子送达不发生效力："
                 "自该次送达起计算的期限撤销，应当以其他方式重新送达。"),
    ActSpec("approve_deferral", "批准延期（分期）缴纳罚款", f"{CF}第六十六条第二款", (HEAD,), f.ApproveDeferral,
            guards=(DECISION_SERVED, UNPAID), checks=(Check(_deferral_after_service, "until", f"{CF}第六十六条"),
                                                      Check(x.instalment_plan_problem, "instalments",
                                                            x.INSTALMENTS_BASIS)),
            documents=("payment_deferral_decision",), effect=_effects(_defer, _court_window_follows), repeatable=True),
    ActSpec("record_payment", "缴纳罚款", f"{CF}第六十七条第三款", (OFFICER,), f.RecordPayment,
            guards=(DECIDED_WITH_PENALTY, UNPAID),
            checks=(Check(_payment_not_more, "amount", f"{CF}第六十七条"),
                    Check(_surcharge_not_more, "surcharge", f"{CF}第七十二条第一款第（一）项")),
            stops=(), repeatable=True, effect=lambda log, act, states: _paid_by_instalment(log, act, states)),
    ActSpec("record_remedy", "行政复议、行政诉讼", f"{CF}第七十三条", (OFFICER,), f.RecordRemedy,
            guards=(Guard(lambda log: served(log) or served_no_penalty(log), "决定书尚未送达。", f"{CF}第六十一条"),),
            checks=(Check(_filed_after_service, "filed_on", f"{CF}第七十三条"),),
            starts=(Start("disclosure.withdraw", when=_decision_changed, from_date=_changed_on),), repeatable=True,
            effect=_effects(_nothing_left_to_publish, _obligation_ended, _court_window_follows),
            help="记录当事人申请行政复议或者提起行政诉讼；审结后记录“行政复议、行政诉讼审结”。期间不计算加处罚款。"),
    CONCLUDE_REMEDY,
    ActSpec("change_decision", "变更行政处罚决定", CHANGE_BASIS, (HEAD,), f.ChangeDecision, after=("decide",),
            guards=(DECISION_IN_FORCE_SERVED,),
            checks=(Check(_some_penalty("penalties"), "penalties", f"{CF}第九条"),
                    Check(_change_ground_check, "remedy_seq", f"{CF}第七十三条"),
                    Check(_not_heavier_than_in_force, "penalties",
                          f"{CF}第四十四条；《中华人民共和国行政复议法》第六十三条第二款")),
            documents=("penalty_decision",), repeatable=True, summary=_change_summary,
            stops=("penalty.pay", "compulsion.reminder_wait", "compulsion.court_application"),
            starts=(Start("penalty.serve"), Start("disclosure.publish"),
                    Start("disclosure.withdraw", when=lambda log, act: disclosed(log))),
            stage="decided",
            help="行政处罚决定送达后，经行政复议、行政诉讼变更或者本机关自行纠正的，作出变更后的行政处罚决定书，"
                 "依法送达，公示变更后的决定并撤回原决定的公示。"),
    ActSpec("remind", "催告", f"{QZ}第三十五条、第五十四条", (OFFICER,), f.Remind,
            guards=(DECISION_SERVED, OBLIGATION_OVERDUE, NOT_REVOKED), documents=("reminder",),
            checks=(Check(x.reminder_deadline_problem, "deadline", f"{QZ}第三十五条第（一）项"),
                    Check(_served_on_window("催告书送达日期", "reminder", own=True), "served_on",
                          f"{QZ}第三十五条、第五十四条")),
            stops=("compulsion.perform",),
            starts=(Start("compulsion.reminder_wait", from_date=_served_on),
                    Start("compulsion.perform", from_date=_served_on)),
            effect=x.reminder_deadline, repeatable=True),
    ActSpec("record_reminder_statement", "催告后的陈述、申辩", x.STATEMENT_BASIS, (OFFICER,),
            f.RecordReminderStatement, after=("remind",), guards=(OUTSTANDING,),
            checks=(Check(x.reminder_statement_problem, "statement", x.STATEMENT_BASIS),), repeatable=True,
            help="记录当事人收到催告书后的陈述、申辩及复核意见，或者当事人明确放弃；事实、理由或者证据成立的，应当采纳。"),
    ActSpec("apply_court", "申请人民法院强制执行", f"{QZ}第五十三条、第五十四条、第五十五条", (HEAD,), f.ApplyCourt,
            after=("remind",), guards=(REMINDER_ELAPSED, REMEDY_PERIOD_OVER, NO_REMEDY_PENDING, NOT_REVOKED),
            checks=(Check(_court_window, "performed_at", f"{QZ}第五十三条"),),
            documents=("court_enforcement_application",), stops=("compulsion.court_application",), queue="申请强制执行审批"),
    ActSpec("enforce", "行政机关强制执行", f"{QZ}第三十七条", (HEAD,), f.Enforce, after=("remind",),
            guards=(x.REMINDER_DEADLINE_PASSED, x.SURCHARGE_OVER_30_DAYS, x.HEARD_AFTER_REMINDER),
            checks=(Check(x.power_problem("power_law"), "power_law", x.POWER_BASIS),
                    Check(x.power_problem("power_article"), "power_article", x.POWER_BASIS),
                    Check(x.enforcement_served_problem, "served_on", x.ENFORCEMENT_SERVED_BASIS)),
            enrich=x.power_facts, documents=("enforcement_decision",),
            stops=("compulsion.court_application", "compulsion.perform"),
            help="具有行政强制执行权的行政机关，在催告书载明的履行期限届满、听取当事人陈述申辩（或其放弃、期限届满）、"
                 "加处罚款超过三十日后，作出并送达行政强制执行决定书；授权的法律和条文从法律法规库中核对。"),
    ActSpec("decide_transfer", "移送涉嫌犯罪案件审批", f"{YS}第五条第二款", (HEAD,), f.DecideTransfer,
            guards=(TRANSFER_FLAGGED, NOT_DECIDED), stops=("penalty.transfer_decision",),
            starts=(Start("penalty.transfer", hours=24, name="移送涉嫌犯罪案件期限", basis=f"{YS}第五条第二款",
                          when=_transfer_is_approved),), stage="transfer", queue="移送审批"),
    ActSpec("transfer", "移送司法机关", f"{CF}第二十七条第一款；{YS}第六条", (OFFICER,), f.Transfer,
            after=("decide_transfer",), guards=(TRANSFER_APPROVED,), documents=("criminal_transfer",),
            stops=("penalty.transfer",), stage="transfer"),
    ActSpec("close", "结案", f"{CF}第四十七条", (HEAD,), f.Close, guards=(CLOSABLE,),
            documents=("case_closing_approval", "dossier_cover", "dossier_index"), stage="closed",
            stops=("penalty.decide", "penalty.serve", "penalty.pay", "compulsion.court_application"),
            milestone="closed", queue="结案审批"),
    *disclosure_acts("decide"),
    CORRECT,
)


def _waive_hearing(log, act, states):
    if act.get("waives_hearing"):
        for state in states.values():
            if state.rule == "penalty.hearing_request" and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _paid(log, act, states):
    if log.fine_paid:
        for state in states.values():
            if state.rule in ("penalty.pay", "compulsion.court_application") and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _paid_by_instalment(log, act, states):
    """A payment under an instalment plan moves the payment deadline to the next instalment (处罚法 第六十六条第二款)."""
    _paid(log, act, states)
    x.move_to_next_instalment(log, act, states)


SIMPLE_ACTS = (
    REGISTER_SOURCE,
    ActSpec("decide_on_spot", "当场作出行政处罚决定", f"{CF}第五十一条、第五十二条", (OFFICER,), f.DecideOnSpot,
            after=("register_source",), guards=(NOT_DECIDED,), officers=2, on_site=True, files=True,
            checks=(Check(_penalty_item, "item", ITEM_BASIS),
                    Check(_simple_eligible, "penalties", f"{CF}第五十一条"), *LIMITATION_CHECKS,
                    Check(_within_benchmark, "penalties", f"{CF}第五条；{BF}第十三条第（五）项"),
                    Check(lambda log, d: None if d.get("certificates_shown") else
                          "执法人员当场作出行政处罚决定的，应当向当事人出示执法证件。", "certificates_shown",
                          f"{CF}第五十二条第一款")),
            documents=("on_the_spot_decision",), enrich=lambda log, data: {"limitation": limitation(log, data)},
            starts=(Start("disclosure.publish"), Start("penalty.pay", when=lambda log, act: log.fine > 0),
                    Start("remedy.review"), Start("remedy.litigation"),
                    Start("compulsion.court_application", from_date=litigation_end,
                          when=lambda log, act: log.fine > 0)),
            stage="decided", milestone="decided", carries_party=True),
    ActSpec("collect_on_spot", "当场收缴罚款", f"{CF}第六十八条、第六十九条、第七十条", (OFFICER,), f.CollectOnSpot,
            after=("decide_on_spot",), guards=(FINE_DECIDED, NOT_COLLECTED),
            checks=(Check(_on_spot_collection, "amount", f"{CF}第六十八条"),),
            starts=(Start("penalty.cash_handover"),), stage="execution",
            effect=lambda log, act, states: _paid(log, act, states)),
    ActSpec("hand_over_cash", "当场收缴的罚款交至行政机关", f"{CF}第七十一条", (OFFICER,), f.HandOverCash,
            after=("collect_on_spot",), guards=(CASH_COLLECTED,), stops=("penalty.cash_handover",)),
    ActSpec("report_record", "报所属行政机关备案", f"{CF}第五十二条第三款", (OFFICER,), f.ReportRecord,
            after=("decide_on_spot",)),
    ActSpec("record_payment", "缴纳罚款", f"{CF}第六十七条第三款", (OFFICER,), f.RecordPayment,
            guards=(DECIDED_WITH_PENALTY, UNPAID, NOT_COLLECTED),
            checks=(Check(_payment_not_more, "amount", f"{CF}第六十七条"),
                    Check(_surcharge_not_more, "surcharge", f"{CF}第七十二条第一款第（一）项")),
            repeatable=True, effect=lambda log, act, states: _paid(log, act, states)),
    ActSpec("record_remedy", "行政复议、行政诉讼", f"{CF}第七十三条", (OFFICER,), f.RecordRemedy,
            after=("decide_on_spot",), repeatable=True,
            effect=_effects(_nothing_left_to_publish, _obligation_ended, _court_window_follows),
            checks=(Check(_filed_after_service, "filed_on", f"{CF}第七十三条"),),
            starts=(Start("disclosure.withdraw", when=_decision_changed, from_date=_changed_on),)),
    CONCLUDE_REMEDY,
    ActSpec("remind", "催告", f"{QZ}第三十五条、第五十四条", (OFFICER,), f.Remind, after=("decide_on_spot",),
            guards=(PAY_OVERDUE, NOT_REVOKED), documents=("reminder",),
            checks=(Check(_served_on_window("催告书送达日期", "reminder", own=True), "served_on", f"{QZ}第三十五条、第五十四条"),),
            starts=(Start("compulsion.reminder_wait", from_date=_served_on),), repeatable=True),
    ActSpec("apply_court", "申请人民法院强制执行", f"{QZ}第五十三条、第五十四条", (HEAD,), f.ApplyCourt,
            after=("remind",), guards=(REMINDER_ELAPSED, REMEDY_PERIOD_OVER, NO_REMEDY_PENDING, NOT_REVOKED),
            checks=(Check(_court_window, "performed_at", f"{QZ}第五十三条"),),
            documents=("court_enforcement_application",), stops=("compulsion.court_application",), queue="申请强制执行审批"),
    ActSpec("close", "结案", f"{CF}第四十七条", (HEAD, OFFICER), f.Close,
            guards=(CLOSABLE, Guard(lambda log: log.has("report_record"), "当场作出的行政处罚决定尚未报所属行政机关备案。",
                                    f"{CF}第五十二条第三款")),
            documents=("dossier_index",), stage="closed",
            stops=("penalty.pay", "compulsion.court_application"), milestone="closed", queue="结案审批"),
    *disclosure_acts("decide_on_spot"),
    CORRECT,
)

# Where a penalty case stands, derived from its log (the acts' ``stage``); the first is where a case starts.
STAGES = (
    StageSpec("source", "案源登记"),
    StageSpec("verified", "案源核查"),
    StageSpec("investigation", "立案调查"),
    StageSpec("review", "审查"),
    StageSpec("notice", "告知"),
    StageSpec("hearing", "听证"),
    StageSpec("decision_pending", "待决定"),
    StageSpec("decided", "已决定"),
    StageSpec("execution", "执行"),
    StageSpec("transfer", "移送"),
    StageSpec("closed", "已结案", terminal=True),
    StageSpec("not_filed", "不予立案", terminal=True),
)

GENERAL = Procedure("penalty.general", "行政处罚普通程序", f"{CF}第五章第三节、第四节", GENERAL_ACTS,
                    opening="register_source", stages=STAGES, facts=PenaltyFacts())
SIMPLE = Procedure("penalty.simple", "行政处罚简易程序", f"{CF}第五章第二节", SIMPLE_ACTS,
                   opening="register_source", stages=STAGES, facts=PenaltyFacts())
