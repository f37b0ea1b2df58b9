"""Every write to organisation data (DESIGN §5.1): one function per business act, transactional, permission-checked,
audited. Split by concept; import from here."""

from .auth import password_change, password_reset_mark, sessions_end
from .bodies import body_create, body_update
from .certificates import (
    certificate_reinstate,
    certificate_renew,
    certificate_revoke,
    certificate_suspend,
    certificate_warnings_record,
)
from .divisions import divisions_import
from .people import (
    certificate_issue,
    certificate_set_status,
    officer_create,
    officer_reveal_id_number,
    officer_update,
    role_assign,
    role_revoke,
    user_create,
    user_update,
    valid_certificate,
)
from .training import training_course_create, training_course_update, training_record_add, training_record_update

__all__ = [
    "body_create",
    "body_update",
    "certificate_issue",
    "certificate_reinstate",
    "certificate_renew",
    "certificate_revoke",
    "certificate_set_status",
    "certificate_suspend",
    "certificate_warnings_record",
    "divisions_import",
    "officer_create",
    "officer_reveal_id_number",
    "officer_update",
    "password_change",
    "password_reset_mark",
    "role_assign",
    "role_revoke",
    "sessions_end",
    "training_course_create",
    "training_course_update",
    "training_record_add",
    "training_record_update",
    "user_create",
    "user_update",
    "valid_certificate",
]
