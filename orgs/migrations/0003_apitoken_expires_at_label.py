"""API tokens get an expiry and a label.

Tokens that exist before this migration expire API_TOKEN_DAYS (a year by default) after the
migration runs, not after their creation: until now nobody was told that tokens expire, and
counting from created_at would silently cut off every integration older than a year on the
day of the upgrade. The organisation's admin now sees each token's expiry and can revoke
old ones sooner.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import orgs.models


def expire_existing_tokens_a_lifetime_from_now(apps, schema_editor):
    ApiToken = apps.get_model("orgs", "ApiToken")
    days = getattr(settings, "API_TOKEN_DAYS", 365)
    ApiToken.objects.filter(expires_at=None).update(
        expires_at=timezone.now() + timedelta(days=days))


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_collaboration_recurrence_min_weeks_and_more'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(null=True, verbose_name='giltig till'),
        ),
        migrations.RunPython(expire_existing_tokens_a_lifetime_from_now,
                             migrations.RunPython.noop),
        migrations.AlterField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(default=orgs.models.token_expiry, verbose_name='giltig till'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='label',
            field=models.CharField(blank=True, max_length=100, verbose_name='benämning'),
        ),
    ]
