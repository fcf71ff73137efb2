"""The standing agency's pages for tasks already assigned: the queue of extension requests
waiting for a decision, and correcting a task (chidao.tasks.services.task_edit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chidao.core import policy
from chidao.tasks import services
from chidao.tasks.forms import TaskEditForm
from chidao.tasks.selectors import get_visible_task, pending_extensions

PAGE_SIZE = 50


@login_required
def extension_queue(request):
    policy.require(
        policy.manages_tasks(request.user),
        _("Chỉ cơ quan thường trực mới xử lý đề nghị gia hạn."),
    )
    page = Paginator(pending_extensions(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "paginator": page.paginator, "today": timezone.localdate()}
    return render(request, "tasks/extensions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = get_visible_task(request.user, pk)
    policy.require(
        task.permits(request.user, policy.CHANGE),
        _("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."),
    )
    form = TaskEditForm(request.POST or None, task=task)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_edit(
                    actor=request.user,
                    task=task,
                    title=data["title"],
                    content=data["content"],
                    expected_output=data["expected_output"],
                    domain=data["domain"],
                    coordinating_units=data["coordinating_units"],
                    deadline=data["deadline"],
                    reason=data["reason"],
                )
            except services.TaskError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = exc.status
            else:
                messages.success(request, _("Đã lưu các thay đổi của nhiệm vụ."))
                return redirect("task-detail", pk=task.pk)
    return render(request, "tasks/edit.html", {"task": task, "form": form}, status=status)
