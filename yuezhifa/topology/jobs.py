"""Which background jobs and commands run where in the provincial topology (docs/decisions/0055, 0059).

- Jobs and commands that **write base data** (the calendar, laws, divisions, the register of subjects, certificate
  expiry warnings, law statuses) run only where base data are writable: the hub and the all-in-one form (办法 第十三条、
  第五十二至五十六条：基础数据库省级统一维护). On a node they do nothing and say so (the hub's results arrive by
  replication).
- Jobs that **write case data** (e-mail service, a published result's expiry) run only where cases are handled: the
  nodes and the all-in-one form. At the hub these rows are replicated copies of the nodes' own (第十四条); writing them
  there would send an e-mail twice or make the hub's copy differ from the node's.
"""

import functools
import logging

from django.conf import settings

from .guard import is_node, read_only_message

logger = logging.getLogger(__name__)


def base_writable() -> bool:
    return not is_node()


def cases_handled_here() -> bool:
    return settings.YZF_ROLE != "hub"


def base_job_refusal(what: str) -> str | None:
    """None where base data are writable; otherwise the message a node gives for ``what``."""
    if base_writable():
        return None
    return f"本节点（{settings.YZF_NODE_CODE}）不运行“{what}”：{read_only_message()}其结果由省级平台复制到本节点。"


def case_job_refusal(what: str) -> str | None:
    """None where cases are handled; otherwise the message the hub gives for ``what``."""
    if cases_handled_here():
        return None
    return (f"省级平台不运行“{what}”：办案数据在各节点办理，由节点运行后复制到省级平台（办法 第十四条）。")


def require_base_writable(what: str) -> None:
    """For a management command that writes base data: a CommandError naming the hub on a node."""
    from django.core.management.base import CommandError

    refusal = base_job_refusal(what)
    if refusal:
        raise CommandError(refusal)


def _only_where(refusal_of, what: str, skipped=0):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            refusal = refusal_of(what)
            if refusal:
                logger.info("%s", refusal)
                return skipped
            return func(*args, **kwargs)

        return wrapper

    return decorate


def base_job(what: str, skipped=0):
    """Decorate a periodic task that writes base data: on a node it logs why it does nothing and returns ``skipped``.
    Put it under the huey decorator."""
    return _only_where(base_job_refusal, what, skipped)


def case_job(what: str, skipped=0):
    """Decorate a periodic task that writes case data: at the hub it logs why it does nothing and returns
    ``skipped``."""
    return _only_where(case_job_refusal, what, skipped)
