"""The link the platform gives an inspected subject to its own page (企业端: its inspections this year, an evaluation
of a visit, a complaint; LEGAL.md §4; docs/decisions/0041): a token signed with ``django.core.signing`` per subject,
salted so that a token of another feature (the 检查码 of a case) is not accepted here. No guessable id: the subject's
UUID is inside the signature, and a token cannot be made without the secret key. Lives in this base app so that both
the 检查码 page (``cases``) and the page itself (``supervision``) can make and read it."""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "yuezhifa.inspection.enterprise"


def subject_token(subject) -> str:
    """The same token for a subject every time: a link printed on a notice stays valid."""
    return signing.Signer(salt=SALT).sign(str(subject.pk))


def subject_id_from(token: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
