"""What an inspection service refuses, with the field it names, and what every service does
first: lock the inspection's row, check that the actor manages the committee and that the
inspection is in a state the action allows."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.inspections.models import Inspection

# Translated where it is shown (`_(MANAGERS_ONLY)`), in the language of the one who asks.
MANAGERS_ONLY = gettext_noop("Chỉ cơ quan thường trực của Ban Chỉ đạo được quản lý đợt kiểm tra.")


class InspectionError(ActionRefused):
    """A refused inspections action (see chidao.core.errors.ActionRefused)."""


def require_manager(actor, committee_id: int) -> None:
    if not policy.manages_committee(actor, committee_id):
        raise InspectionError(_(MANAGERS_ONLY), status=403)


def require_state(inspection, *states: str) -> None:
    if inspection.status not in states:
        raise InspectionError(
            _("Đợt kiểm tra đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": inspection.get_status_display()},
            status=409,
        )


def _locked(inspection: Inspection) -> Inspection:
    """The inspection's row, locked until the action's transaction ends (services only:
    they run in a transaction)."""
    return Inspection.objects.select_for_update().select_related("committee").get(pk=inspection.pk)
