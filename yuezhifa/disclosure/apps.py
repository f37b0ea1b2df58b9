from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "yuezhifa.disclosure"
    label = "disclosure"
    verbose_name = "公示平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yuezhifa.cases import events

        from . import reactions

        events.on_record("approve_disclosure", reactions.outcome_of_approval)
        events.on_act("approve_disclosure", reactions.publish_on_approval)
        events.on_act("withdraw_disclosure", reactions.withdraw_on_act)
        events.on_form("approve_disclosure", reactions.approval_preview)
