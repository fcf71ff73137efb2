"""Django admin as the data-entry tool of the register, with every change audited.

Only administrators and standing-agency staff may enter it; each save and delete writes a
ChangeLog row with before and after, inside the admin's own transaction.
"""

from django.contrib import admin

from chidao.audit.services import record_change, snapshot


def can_edit_register(request) -> bool:
    user = request.user
    return user.is_authenticated and user.can_edit_register


class AuditedAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return can_edit_register(request)

    def has_view_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_add_permission(self, request):
        return can_edit_register(request)

    def has_change_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_delete_permission(self, request, obj=None):
        return can_edit_register(request)

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


class AuditedInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_add_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_change_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_delete_permission(self, request, obj=None):
        return can_edit_register(request)
