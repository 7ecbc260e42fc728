"""Nothing is shared beyond the recording organisation until its redaction is confirmed.

Existing rows: every insight and conversation starts unconfirmed (the safer choice: nobody has
checked what the old detector left in), so other organisations stop seeing them until someone
confirms them in the queue; the recording organisation and officers still see them. The exception
is the labelled sample data (conversations marked is_sample, titles "Sample: …"): nobody said those
things, so its conversations and its insights without flagged personal data are confirmed as the
system (no person), as the sample loader now does; its flagged ones wait in the queue, to show the step.
Conversations get a redacted title and description from today's detector; insights keep theirs.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def redact_and_confirm_samples(apps, schema_editor):
    from healthyplaces.insights import personal_data

    Conversation = apps.get_model("insights", "Conversation")
    Insight = apps.get_model("insights", "Insight")
    now = timezone.now()
    for conversation in Conversation.objects.all().iterator():
        conversation.title_redacted = personal_data.redact(conversation.title)
        conversation.description_redacted = personal_data.redact(conversation.description)
        conversation.personal_data = personal_data.flags_for(title=conversation.title,
                                                             description=conversation.description)
        conversation.confirmed_at = now if conversation.is_sample else None
        conversation.save(update_fields=["title_redacted", "description_redacted", "personal_data", "confirmed_at"])
    Insight.objects.filter(conversation__is_sample=True, personal_data=[]).update(confirmed_at=now, updated_at=now)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('assets', '0003_delete_pendingimport'),
        ('insights', '0005_insight_updated_by'),
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name='insight',
            name='redaction_reviewed',
        ),
        migrations.AddField(
            model_name='conversation',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conversation',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='conversation',
            name='description_redacted',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='conversation',
            name='personal_data',
            field=models.JSONField(blank=True, default=list, help_text='What the detector flagged'),
        ),
        migrations.AddField(
            model_name='conversation',
            name='title_redacted',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='insight',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='insight',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='insight',
            index=models.Index(fields=['confirmed_at', 'created_at'], name='insights_in_confirm_36acf9_idx'),
        ),
        migrations.RunPython(redact_and_confirm_samples, migrations.RunPython.noop),
    ]
