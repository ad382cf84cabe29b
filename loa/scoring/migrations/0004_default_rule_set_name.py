"""The built-in rule sets' name as documents print it: without the "(mặc định)" the first version carried."""

from django.db import migrations

OLD = "Tiêu chí thông tin, tuyên truyền CCHC cấp xã (mặc định)"
NEW = "Tiêu chí thông tin, tuyên truyền CCHC cấp xã"


def rename(apps, schema_editor):
    apps.get_model("scoring", "RuleSet").objects.filter(issuer__isnull=True, name=OLD).update(name=NEW)


def restore(apps, schema_editor):
    apps.get_model("scoring", "RuleSet").objects.filter(issuer__isnull=True, name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_commendation_kind_label")]
    operations = [migrations.RunPython(rename, restore)]
