from django.db import migrations, models
from django.db.models import F


def stamp_held_vectors(apps, schema_editor):
    """Vectors already held count as written when the insight was last saved."""
    Insight = apps.get_model("insights", "Insight")
    Insight.objects.filter(embedding__isnull=False).update(embedded_at=F("updated_at"))


class Migration(migrations.Migration):
    """When each insight's vector was written, which every process's similar-insights cache follows."""

    dependencies = [
        ("insights", "0007_search_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="insight",
            name="embedded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="insight",
            index=models.Index(fields=["embedded_at"], name="insights_in_embedde_4808f7_idx"),
        ),
        migrations.RunPython(stamp_held_vectors, migrations.RunPython.noop),
    ]
