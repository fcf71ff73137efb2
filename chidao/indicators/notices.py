"""What indicators notify, through the outbox (chidao.notifications): an actual that turns
off track warns the unit's focal persons and the committee's standing agency, once per value
(a correction that is still off track warns again: it is a new value)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.selectors import focal_persons
from chidao.committees.selectors import standing_staff
from chidao.notifications.registry import Notice, register_kind
from chidao.notifications.services import emit

OFF_TRACK = "indicators.off_track"


def register() -> None:
    register_kind(OFF_TRACK, gettext_lazy("Chỉ tiêu chậm tiến độ"))


def off_track(*, value) -> int:
    indicator = value.indicator
    recipients = {u.pk: u for u in standing_staff(indicator.committee_id)}
    recipients |= {u.pk: u for u in focal_persons([value.unit_id])}
    with translation.override(settings.LANGUAGE_CODE):
        title = _(
            "Chỉ tiêu “%(name)s” của %(unit)s chậm tiến độ kỳ %(period)s: thực hiện "
            "%(actual)s %(uom)s"
        ) % {
            "name": indicator.name,
            "unit": value.unit_name,
            "period": value.period,
            "actual": value.actual,
            "uom": indicator.unit_of_measure,
        }
    url = reverse("indicator-detail", args=[indicator.pk]) + f"?unit={value.unit_id}"
    return emit(
        Notice(
            kind=OFF_TRACK,
            subject=value,
            step="off_track",
            recipient=user,
            title=title,
            url=url,
            data={"indicator": indicator.pk, "unit": value.unit_id, "period": value.period},
        )
        for user in recipients.values()
    )
