"""The login-lockout records of django-axes under Chinese names (decision 0050).

django-axes ships no Chinese translation and its models' names are in its own migrations, so the admin shows them
through proxy models named in Chinese, and ``core.admin`` registers them with Chinese column labels in place of
axes' own registrations."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

# the Chinese label of each axes field, used for the admin's columns, filters and read-only fields
FIELD_LABELS = {
    "attempt_time": "时间",
    "logout_time": "退出时间",
    "ip_address": "IP 地址",
    "username": "用户名",
    "user_agent": "浏览器标识",
    "path_info": "访问路径",
    "http_accept": "浏览器接受的内容类型",
    "get_data": "查询参数",
    "post_data": "提交的数据（已隐去密码）",
    "failures_since_start": "连续失败次数",
    "locked_out": "是否锁定",
    "session_hash": "会话标识摘要",
}


class LoginFailureCount(AccessAttempt):
    class Meta:
        proxy = True
        app_label = "core"
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"


class LoginRecord(AccessLog):
    class Meta:
        proxy = True
        app_label = "core"
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        app_label = "core"
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
