"""A cap on the size of one uploaded file, with a message that names it rather than an error page.

Django caps the rest of a request body (DATA_UPLOAD_MAX_MEMORY_SIZE) but not a file. This handler,
first in FILE_UPLOAD_HANDLERS, stops passing a file's bytes on once it passes MAX_UPLOAD_SIZE, so
no more than that is ever kept, and hands the form a placeholder that `refuse_too_large` turns into
the form's error ("The file is 31.2 MB; one upload may be at most 20 MB.").
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def size(count):
    """A number of bytes as people say it: '20 MB', '31.2 MB', '4 KB'."""
    if count >= 1048576:
        return f"{round(count / 1048576, 1):g} MB"
    return f"{max(1, round(count / 1024))} KB"


class TooLargeUpload(SimpleUploadedFile):
    """What the form receives instead of a file over the limit: its name and size, no content."""

    def __init__(self, name, content_type, size):
        super().__init__(name, b"", content_type)
        self.size = size

    @property
    def problem(self):
        return f"The file is {size(self.size)}; one upload may be at most {size(settings.MAX_UPLOAD_SIZE)}."


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= settings.MAX_UPLOAD_SIZE else None

    def file_complete(self, file_size):
        if self.received <= settings.MAX_UPLOAD_SIZE:
            return None  # the next handler (memory or temporary file) returns the file
        return TooLargeUpload(self.file_name, self.content_type, self.received)


def refuse_too_large(upload):
    """A form field validator: the upload was over MAX_UPLOAD_SIZE."""
    if isinstance(upload, TooLargeUpload):
        raise ValidationError(upload.problem)
