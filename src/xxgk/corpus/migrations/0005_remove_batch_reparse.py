
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('corpus', '0004_job_kinds'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='batch',
            name='reparse',
        ),
    ]
