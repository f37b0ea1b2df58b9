"""A change of password revokes the user's API tokens, whatever made it: the user, an administrator's reset in
/admin/, a service or ``manage.py changepassword`` (each ends in ``set_password`` and ``save``)."""

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
