"""The refusal every reports action raises, and the standing-agency check they share."""

from django.utils.translation import gettext as _

from chidao.core import policy
from chidao.core.errors import ActionRefused


class ReportError(ActionRefused):
    """A refused reports action (see chidao.core.errors.ActionRefused)."""


def _require_manager(actor, committee_id: int):
    if not policy.manages_committee(actor, committee_id):
        raise ReportError(_("Bạn không có quyền quản lý báo cáo của Ban Chỉ đạo này."), status=403)
