from . import audit


class AuditActorMiddleware:
    """Makes the signed-in person the actor of any change made while handling the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.acting_as(getattr(request, "user", None)):
            return self.get_response(request)
