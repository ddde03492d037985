from django.contrib.auth.management import create_permissions
from django.db import migrations

from factfile.roles import ROLES, role_permissions


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, pairs in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for app_label, codename in pairs:
            try:
                permissions.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    )
                )
            except Permission.DoesNotExist:
                raise LookupError(f"No permission {app_label}.{codename}") from None
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_sources"),
        ("events", "0001_actors_statements_events_citations"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
