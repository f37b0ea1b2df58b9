"""The password policy (settings ``AUTH_PASSWORD_VALIDATORS``; docs/decisions/0045): Django's own validators with
Chinese messages that name the rule, and the minimum length configurable (``YZF_PASSWORD_MIN_LENGTH``, default 12).
Every password a person chooses or an administrator sets passes them: the self-service change, a new account's
initial password, an administrator's reset in /admin/."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符（现为 {len(password)} 个）。",
                                  code="password_too_short", params={"min_length": self.min_length})

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符"


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError("密码不能全部是数字。", code="password_entirely_numeric")

    def get_help_text(self):
        return "不能全部是数字"


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError("该密码是常见密码，容易被猜中，请换一个。", code="password_too_common")

    def get_help_text(self):
        return "不能是常见密码"


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    """Django's check, against the username, the real name and the e-mail address by default."""

    DEFAULT_USER_ATTRIBUTES = ("username", "real_name", "email")

    def get_error_message(self):
        return "密码与%(verbose_name)s过于相似，请换一个。"

    def get_help_text(self):
        return "不能与用户名、姓名或电子邮箱相似"


def policy_text() -> str:
    """The policy in one Chinese sentence, for the change page."""
    return "新密码" + "，".join(django_validation.password_validators_help_texts()) + "。"
