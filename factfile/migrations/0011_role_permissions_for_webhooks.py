from django.contrib.auth.management import create_permissions
from django.db import migrations

from factfile.roles import EDITOR_IN_CHIEF, WEBHOOK_PERMISSIONS


def _permissions(apps):
    # Permissions are normally created after all migrations have run; the
    # role group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in WEBHOOK_PERMISSIONS
    ]


def give_webhooks_to_the_editor_in_chief(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=EDITOR_IN_CHIEF)
    group.permissions.add(*_permissions(apps))


def take_them_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITOR_IN_CHIEF).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("factfile", "0010_usage_and_webhooks"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(give_webhooks_to_the_editor_in_chief, take_them_back)
    ]
