"""A change of password revokes the user's API tokens, whatever made it: the user, an administrator's reset in
/admin/, a service or ``manage.py changepassword`` (each ends in ``set_password`` and ``save``). Signing in and out
keeps the user's session list (docs/decisions/0045)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User, dispatch_uid="org.revoke_tokens_on_password_change")
def revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    # ``set_password`` keeps the new raw password in ``_password`` until ``save`` has run (Django's own hook for
    # password validators); a new user has no tokens yet.
    if not created and getattr(instance, "_password", None) is not None:
        from .services.auth import auth_tokens_revoke

        auth_tokens_revoke(user=instance, reason="password_changed")


@receiver(user_logged_in, dispatch_uid="org.session_list.signed_in")
def record_session(sender, request, user, **kwargs):
    # the user's session list (docs/decisions/0045)
    if request is not None and hasattr(request, "session"):
        from .services.auth import session_record

        session_record(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="org.session_list.signed_out")
def forget_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from .services.auth import session_forget

        session_forget(session_key=request.session.session_key)
