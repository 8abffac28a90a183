from django.db import migrations


def load(apps, schema_editor):
    from inspections.checklists import load_default_checklist

    load_default_checklist(apps)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
