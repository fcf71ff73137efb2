"""Django admin as the data-entry tool of the register, with every change audited.

Only administrators and standing-agency staff may enter it, and each sees there only what the
access policy (chidao.core.policy) lets them change: standing-agency staff the committees they
serve. Each save and delete writes a ChangeLog row with before and after, inside the admin's
own transaction.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from chidao.audit.services import record_change, snapshot
from chidao.core import policy


def can_edit_register(request) -> bool:
    return policy.edits_register(request.user)


class PolicyAdminMixin:
    """Rows through `restrict(user, "view")`, and, in an admin that edits, through
    `restrict(user, "change")` too: the admin is for data entry, so it lists what the user may
    change. An object that exists but lies outside answers 403; foreign-key choices are
    limited to what the user may change."""

    read_only = False
    restrict_rows = True  # inlines show the parts of a parent already checked

    def get_queryset(self, request):
        if not self.restrict_rows:
            return super().get_queryset(request)
        queryset = policy.restrict(super().get_queryset(request), request.user, policy.VIEW)
        if not self.read_only:
            queryset = queryset.restrict(request.user, policy.CHANGE)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
            try:
                value = field.to_python(object_id)
            except Exception:  # not a valid key: Django's own "does not exist" answer
                return None
            if self.model._default_manager.filter(**{field.name: value}).exists():
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and isinstance(related, policy.PolicyQuerySet):
            kwargs["queryset"] = related.restrict(request.user, policy.CHANGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allows(self, request, action: str, obj) -> bool:
        if not can_edit_register(request):
            return False
        return obj is None or policy.permits(request.user, action, obj)

    def has_module_permission(self, request):
        return can_edit_register(request)

    def has_view_permission(self, request, obj=None):
        return self._allows(request, policy.VIEW if self.read_only else policy.CHANGE, obj)

    def has_add_permission(self, request, *args):
        return not self.read_only and can_edit_register(request)

    def has_change_permission(self, request, obj=None):
        return not self.read_only and self._allows(request, policy.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.read_only and self._allows(request, policy.DELETE, obj)


class ReadOnlyAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Rows that change only through their pages, API and services: visible to whom the
    policy lets view them, never added, edited or deleted here."""

    read_only = True


class AuditedAdmin(PolicyAdminMixin, admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk:
            stored = type(obj).objects.filter(pk=obj.pk).first()
            before = snapshot(stored) if stored else None
        super().save_model(request, obj, form, change)
        record_change(
            actor=request.user,
            action="update" if change else "create",
            target=obj,
            before=before,
            after=snapshot(obj),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        m2m_names = {f.name for f in form.instance._meta.many_to_many}
        if change and m2m_names & set(form.changed_data):
            record_change(
                actor=request.user,
                action="update",
                target=form.instance,
                after=snapshot(form.instance),
            )

    def save_formset(self, request, form, formset, change):
        # Read "before" from the database: the forms' instances already hold the new values.
        befores = {}
        for inline_form in formset.initial_forms:
            obj = inline_form.instance
            if obj.pk:
                befores[obj.pk] = snapshot(type(obj).objects.get(pk=obj.pk))
        deleted = [
            (f.instance._meta.label_lower, str(f.instance.pk), str(f.instance))
            for f in formset.deleted_forms
            if f.instance.pk
        ]
        instances = formset.save()
        for obj in instances:
            record_change(
                actor=request.user,
                action="update" if obj.pk in befores else "create",
                target=obj,
                before=befores.get(obj.pk),
                after=snapshot(obj),
            )
        for label, pk, text in deleted:
            record_change(
                actor=request.user,
                action="delete",
                target_type=label,
                target_id=pk,
                target_repr=text,
                before=befores.get(int(pk)),
            )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        label, pk, text = obj._meta.label_lower, str(obj.pk), str(obj)
        super().delete_model(request, obj)
        record_change(
            actor=request.user,
            action="delete",
            target_type=label,
            target_id=pk,
            target_repr=text,
            before=before,
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class AuditedInline(PolicyAdminMixin, admin.TabularInline):
    """The parts of an object (`obj` is the parent): editable when the parent is."""

    extra = 0
    restrict_rows = False

    def has_view_permission(self, request, obj=None):
        return self._allows(request, policy.CHANGE, obj)

    def has_add_permission(self, request, obj=None):
        return self._allows(request, policy.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allows(request, policy.CHANGE, obj)


class ReadOnlyInline(PolicyAdminMixin, admin.TabularInline):
    """The read-only parts of an object, shown to whom may view the parent."""

    extra = 0
    read_only = True
    restrict_rows = False
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return self._allows(request, policy.VIEW, obj)
