from django.contrib import admin

from chidao.audit.admin_base import AuditedAdmin, AuditedInline
from chidao.people.models import Holding, Person, Position


class HoldingInline(AuditedInline):
    model = Holding
    fields = ["position", "start", "end", "attested_on", "capacity", "evidence", "source"]
    autocomplete_fields = ["position", "source"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name"]
    search_fields = ["full_name", "name_key"]
    inlines = [HoldingInline]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["title", "unit", "rank", "portfolio"]
    list_filter = ["rank"]
    search_fields = ["title", "unit__name", "portfolio"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Holding)
class HoldingAdmin(AuditedAdmin):
    list_display = ["person", "position", "start", "end", "attested_on", "evidence"]
    list_filter = ["evidence"]
    search_fields = ["person__full_name", "position__title", "position__unit__name"]
    autocomplete_fields = ["person", "position", "source", "end_source"]
    list_select_related = ["person", "position__unit"]
