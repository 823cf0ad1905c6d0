import django.db.models.deletion
from django.db import migrations, models


def _reparse_kind(apps, schema_editor):
    """The jobs of batches that read the corpus again are of that kind."""
    Job = apps.get_model("corpus", "Job")
    Job.objects.filter(batch__reparse=True).update(kind="reparse")


class Migration(migrations.Migration):

    dependencies = [
        ('corpus', '0003_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corpus.agency'),
        ),
        migrations.AddField(
            model_name='job',
            name='kind',
            field=models.CharField(choices=[('ingest', '读取入库'), ('reparse', '重新读取'), ('recheck', '跨年度核对'), ('export', '导出')], db_index=True, default='ingest', max_length=16),
        ),
        migrations.AddField(
            model_name='job',
            name='output',
            field=models.CharField(blank=True, help_text="what the job made: an export's name in the store of exports, a re-check's findings", max_length=500),
        ),
        migrations.AddField(
            model_name='job',
            name='params',
            field=models.JSONField(blank=True, default=dict, help_text="an export's format, region and year"),
        ),
        migrations.AlterField(
            model_name='job',
            name='name',
            field=models.CharField(help_text="the file as it was sent (path, or path!member), the agency, or the export's file name", max_length=500),
        ),
        migrations.AlterField(
            model_name='job',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(_reparse_kind, migrations.RunPython.noop),
    ]
