from django.contrib.auth.management import create_permissions
from django.db import migrations

from factfile.roles import EDITOR_IN_CHIEF, all_role_permissions, role_permissions

# What the editor-in-chief held on accounts before: every permission on
# users and groups, through which they could make anyone a superuser or give
# a group any permission.
FORMER_ACCOUNT_PERMISSIONS = [
    ("auth", f"{action}_{model}")
    for model in ("user", "group")
    for action in ("view", "add", "change", "delete")
]


def _made_later(apps, app_label, codename):
    try:
        apps.get_model(app_label, codename.split("_", 1)[1])
    except LookupError:
        return True
    return False


def _set_role_permissions(apps, permissions_by_role):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, pairs in permissions_by_role.items():
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
                if _made_later(apps, app_label, codename):
                    # The migration that makes the model gives the role
                    # its permissions.
                    continue
                raise LookupError(f"No permission {app_label}.{codename}") from None
        # set() also takes away whatever was added to a role group by hand.
        group.permissions.set(permissions)


def limit_accounts_and_add_tools(apps, schema_editor):
    _set_role_permissions(apps, all_role_permissions())


def restore_former_role_permissions(apps, schema_editor):
    former = role_permissions()
    former[EDITOR_IN_CHIEF] = [
        pair
        for pair in former[EDITOR_IN_CHIEF]
        if pair[0] != "auth"
    ] + FORMER_ACCOUNT_PERMISSIONS
    _set_role_permissions(apps, former)


class Migration(migrations.Migration):
    dependencies = [
        ("factfile", "0005_published_link_record_index_in_unique"),
        ("events", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(
            limit_accounts_and_add_tools, restore_former_role_permissions
        )
    ]
