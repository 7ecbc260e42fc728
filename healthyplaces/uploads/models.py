import uuid

from django.conf import settings
from django.db import models


class HeldUpload(models.Model):
    """A file uploaded for import, held between its preview and the person's confirmation.

    Kept in the database rather than the session, so a large file does not travel with every
    request, and any server process can finish the import. The rows the preview parsed and checked
    are kept beside the file, so the confirmation writes them without parsing the file again.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=40, help_text="what the file is to be imported as, e.g. 'assets'")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    parsed = models.BinaryField(null=True, blank=True, help_text="what the preview read from the file, for the commit")
    context = models.JSONField(default=dict, blank=True, help_text="what the import needs besides the file")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.filename} ({self.purpose}) held for {self.uploaded_by}"
