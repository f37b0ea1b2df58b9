"""The facts of a penalty case's log that the engine and other apps read without knowing its acts (DESIGN §6,
docs/decisions/0029): who the party is, the decision in force, the fine it orders, what was paid, and the periods
of review or litigation that do not count."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .. import config
from .dsl import ProcedureFacts
from .penalty_base import CF, date_of, money

DECISIONS = ("decide", "decide_on_spot", "change_decision")
PAYMENTS = ("record_payment", "collect_on_spot")


class PenaltyFacts(ProcedureFacts):
    def decision(self, log):
        """The decision in force: the latest of the penalty decision, the on-the-spot decision and the changed
        decisions that replaced it (变更行政处罚决定, 处罚法 第六十一条; docs/decisions/0028)."""
        found = self.decisions(log)
        return found[-1] if found else None

    def decisions(self, log):
        return [a for a in log.acts if a.code in DECISIONS]

    def amount_due(self, log) -> Decimal:
        act = self.decision(log)
        if act is not None:
            return Decimal(str((act.get("penalties") or {}).get("fine") or "0"))
        return Decimal("0")

    def amount_paid(self, log) -> Decimal:
        total = Decimal("0")
        for code in PAYMENTS:
            for act in log.all(code):
                total += Decimal(str(act.get("amount") or "0"))
        return total

    def pauses(self, log) -> list[tuple[datetime.date, datetime.date | None]]:
        """Periods during which review or litigation ran (处罚法 第七十三条第三款), each ``(filed, concluded)``, both
        days included: the day the review is applied for or the suit filed is already inside the pause, and so is the
        day it is concluded; accrual (加处罚款) resumes the day after the conclusion (docs/decisions/0028). A remedy
        not yet concluded gives ``(filed, None)``: the pause runs on. The conclusion is read from the remedy's own
        ``concluded_on`` or from the ``conclude_remedy`` act naming it."""
        pauses = []
        for act in log.all("record_remedy"):
            began = datetime.date.fromisoformat(str(act.get("filed_on"))[:10])
            pauses.append((began, remedy_concluded_on(log, act)))
        return pauses


def remedy_concluded_on(log, remedy) -> datetime.date | None:
    """The day a review or lawsuit recorded by ``remedy`` (a ``record_remedy``) was concluded: its own
    ``concluded_on`` (recorded together, as older records are), or that of the ``conclude_remedy`` naming it."""
    for act in reversed(log.acts):
        if act.code == "conclude_remedy" and act.get("remedy_seq") == remedy.seq and act.get("concluded_on"):
            return datetime.date.fromisoformat(str(act.get("concluded_on"))[:10])
    ended = remedy.get("concluded_on")
    return datetime.date.fromisoformat(str(ended)[:10]) if ended else None


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
