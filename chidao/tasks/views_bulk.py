"""The board's bulk actions on the tasks ticked (POST /tasks/bulk/): export them to Excel
(anyone, over the tasks they may see), give them to another lead unit or extend them with a
reason (the standing agency, over the tasks of the committees it serves; one transaction
per action, chidao.tasks.services_bulk). A refusal answers 4xx in the layout with the
reason, and nothing is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chidao.core import policy
from chidao.core.dates import vn_date
from chidao.core.error_views import refused
from chidao.tasks import services_bulk
from chidao.tasks.forms import BulkForm
from chidao.tasks.selectors import tasks_for
from chidao.tasks.services import TaskError
from chidao.tasks.views_import import xlsx_response


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/tasks/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return "/tasks/"


def _errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def task_bulk(request):
    form = BulkForm(request.POST)
    if not form.is_valid():
        return refused(request, _errors(form), status=400)
    data = form.cleaned_data
    if data["action"] == BulkForm.EXPORT:
        return xlsx_response(tasks_for(request.user).filter(pk__in=data["task"]))
    policy.require(
        policy.manages_tasks(request.user),
        _("Chỉ cơ quan thường trực mới chuyển đơn vị chủ trì hay gia hạn nhiệm vụ."),
    )
    try:
        if data["action"] == BulkForm.REASSIGN:
            count = services_bulk.tasks_reassign(
                actor=request.user,
                task_ids=data["task"],
                new_lead_unit=data["new_lead_unit"],
                reason=data["reason"],
            )
            message = ngettext(
                "Đã chuyển %(count)s nhiệm vụ sang %(unit)s.",
                "Đã chuyển %(count)s nhiệm vụ sang %(unit)s.",
                count,
            ) % {"count": count, "unit": data["new_lead_unit"].name}
        else:
            count = services_bulk.tasks_extend(
                actor=request.user,
                task_ids=data["task"],
                deadline=data["deadline"],
                reason=data["reason"],
            )
            message = ngettext(
                "Đã gia hạn %(count)s nhiệm vụ đến %(date)s.",
                "Đã gia hạn %(count)s nhiệm vụ đến %(date)s.",
                count,
            ) % {"count": count, "date": vn_date(data["deadline"])}
    except TaskError as exc:
        return refused(request, str(exc), status=exc.status)
    messages.success(request, message)
    return redirect(_back(request))
