"""The grants pages, one module per concept; urls.py names each view by its module."""
from django.core.exceptions import ValidationError


def show_refusal(form, error, fields=None):
    """Put a service's ValidationError beside the fields it names (`fields` maps its keys to the form's), the
    rest at the top of the form."""
    fields = fields or {}
    for key, messages in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        name = fields.get(key, key)
        form.add_error(name if name in form.fields else None, ValidationError(messages))
