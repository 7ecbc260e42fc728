from . import audit


class AuditActorMiddleware:
    """Makes the signed-in person the actor of any change made while handling the request, and writes
    the request's reads of personal data as one event per kind of record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with audit.acting_as(user), audit.reads_gathered(user):
            return self.get_response(request)
