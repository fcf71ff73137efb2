from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "chidao.committees"
    verbose_name = _("Ban Chỉ đạo")
    label = "committees"

    def ready(self):
        from chidao.committees.models import StandingAgency
        from chidao.core import policy

        # The access policy lives low (chidao.core.policy); which committees a unit serves is
        # this app's fact, handed to it here.
        policy.register_served_committees(
            lambda unit_id: StandingAgency.objects.filter(unit_id=unit_id).values_list(
                "version__committee_id", flat=True
            )
        )
