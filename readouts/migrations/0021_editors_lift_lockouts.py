"""Editors may see and lift the login throttle's lockouts (django-axes' attempts)."""

from django.db import migrations


def resync(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from readouts.roles import sync_groups

    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("readouts", "0020_audit_trail"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
