"""Service by e-mail (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012): its guards, checks and effects, and the
three acts as a fragment (``email_acts()``) the general procedure includes.
"""

from __future__ import annotations

from . import fields as f
from .dsl import OFFICER, ActSpec, Check, Guard, Start
from .penalty_base import BF, CF, date_of
from .penalty_facts import decided, email_consent, litigation_end, served
from .penalty_guards import _after_decision_service, _decision_served, _obligation_served, _served_on, served_no_penalty

# --- e-mail service (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012) ------------------------------------

# The acts the e-mail service (cases/email_service.py) reacts to and records on its own.
SEND_BY_EMAIL = "send_by_email"
RECORD_EMAIL_SERVICE = "record_email_service"
RECORD_EMAIL_BOUNCE = "record_email_bounce"
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

def email_acts() -> tuple[ActSpec, ActSpec, ActSpec]:
    """Service by e-mail (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012): the officer sends, the platform
    records the service when the party's mail server accepts the message and a bounce reported after it."""
    return (
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
    )

