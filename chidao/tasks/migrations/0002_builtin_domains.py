"""Built-in domains (committee=None).

Administrative reform: the six fields of the master program of state administrative reform
2021-2030 (Resolution 76/NQ-CP of 15 July 2021). Digital transformation: the pillars named
in decision 818/QĐ-UBND (digital government, digital economy, digital society, smart city).
Plus "Khác" for anything else. A standing agency adds its own domains for its committee.
"""

from django.db import migrations

AR = "administrative_reform"
DX = "digital_transformation"
OTHER = "other"

BUILTIN_DOMAINS = [
    # (code, name, area, order)
    ("ar-institutions", "Cải cách thể chế", AR, 1),
    ("ar-procedures", "Cải cách thủ tục hành chính", AR, 2),
    ("ar-apparatus", "Cải cách tổ chức bộ máy hành chính nhà nước", AR, 3),
    ("ar-civil-service", "Cải cách chế độ công vụ", AR, 4),
    ("ar-public-finance", "Cải cách tài chính công", AR, 5),
    ("ar-e-government", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", AR, 6),
    ("dx-digital-government", "Chính quyền số", DX, 1),
    ("dx-digital-economy", "Kinh tế số", DX, 2),
    ("dx-digital-society", "Xã hội số", DX, 3),
    ("dx-smart-city", "Đô thị thông minh", DX, 4),
    ("other", "Khác", OTHER, 1),
]


def create_builtin_domains(apps, schema_editor):
    Domain = apps.get_model("tasks", "Domain")
    for code, name, area, order in BUILTIN_DOMAINS:
        Domain.objects.get_or_create(
            code=code,
            defaults={"name": name, "area": area, "order": order, "committee": None},
        )


def delete_builtin_domains(apps, schema_editor):
    # Domains that tasks already use are kept: deleting them would orphan the tasks.
    Domain = apps.get_model("tasks", "Domain")
    Domain.objects.filter(
        code__in=[code for code, *_ in BUILTIN_DOMAINS],
        committee__isnull=True,
        tasks__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_builtin_domains, delete_builtin_domains),
    ]
