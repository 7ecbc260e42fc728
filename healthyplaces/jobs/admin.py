from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Administrators see every job; the traceback of a failure is in the task results beside it."""

    list_display = ["created_at", "title", "started_by", "status", "stage", "attempts"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Job._meta.fields]
