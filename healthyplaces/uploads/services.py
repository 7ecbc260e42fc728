"""Hold an uploaded file until the person who previewed it confirms the import."""
import pickle
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import HeldUpload

KEPT_FOR = timedelta(days=1)  # a preview nobody confirmed within a day is dropped


def hold(user, purpose, filename, content, parsed=None, **context):
    """Hold the file and, as `parsed`, what the preview read from it (any picklable value)."""
    HeldUpload.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return HeldUpload.objects.create(uploaded_by=user, purpose=purpose, filename=filename[:200], content=content,
                                     parsed=None if parsed is None else pickle.dumps(parsed), context=context)


def parsed(upload):
    """What the preview read from the held file.

    Unpickling is safe here: the bytes were pickled by this server from its own parse, never
    taken from the person's upload (which is kept apart, in `content`).
    """
    return None if upload.parsed is None else pickle.loads(bytes(upload.parsed))


def held(user, purpose, token):
    """The upload this person holds under that token, or None (someone else's, expired, or gone)."""
    try:
        return HeldUpload.objects.get(token=token, uploaded_by=user, purpose=purpose,
                                      created_at__gte=timezone.now() - KEPT_FOR)
    except (HeldUpload.DoesNotExist, ValidationError):
        return None


def release(upload):
    upload.delete()
