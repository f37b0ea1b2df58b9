from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "yuezhifa.disclosure"
    label = "disclosure"
    verbose_name = "公示平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yuezhifa.cases import events
        from yuezhifa.cases.interface import compulsion_result_acts, publishing_acts, withdrawing_acts

        from . import reactions

        # the acts are found by what they do (ActSpec.publishes; meeting the withdrawal deadline), not by name
        for code in sorted(publishing_acts()):
            events.on_record(code, reactions.outcome_of_approval)
            events.on_act(code, reactions.publish_on_approval)
            events.on_form(code, reactions.approval_preview)
        for code in sorted(withdrawing_acts()):
            events.on_act(code, reactions.withdraw_on_act)
        for code in sorted(compulsion_result_acts()):
            events.on_act(code, reactions.refresh_on_act)
