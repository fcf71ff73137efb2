from django.contrib import admin

from chidao.audit.admin_base import AuditedAdmin, ReadOnlyAdmin
from chidao.tasks.models import Domain, Task, TaskSource


@admin.register(Domain)
class DomainAdmin(AuditedAdmin):
    """Standing agencies add their own domains (with their committee) beside the built-in."""

    list_display = ["name", "code", "area", "committee", "order"]
    list_filter = ["area", "committee"]
    search_fields = ["name", "code"]


@admin.register(TaskSource)
class TaskSourceAdmin(AuditedAdmin):
    """Programs, plans, schemes and meeting conclusions that give tasks to units."""

    list_display = ["document", "committee", "synthetic"]
    list_filter = ["committee", "synthetic"]
    search_fields = ["document__number", "document__title"]
    autocomplete_fields = ["document", "committee"]
    list_select_related = ["document", "committee"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    """Read-only here: tasks change through their pages and API, which keep the timeline."""

    list_display = ["title", "lead_unit", "deadline", "completed_on", "cancelled_on"]
    list_filter = ["committee", "domain", "synthetic"]
    search_fields = ["title", "lead_unit_name"]
    list_select_related = ["lead_unit"]
