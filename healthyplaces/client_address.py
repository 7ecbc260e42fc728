"""The address of the person making a request, for locking out repeated failed sign-ins.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address, shared by every visitor, so the
lockout would lock everyone (or anyone could lock any account). Each proxy appends the address it
was reached from to X-Forwarded-For, so with N trusted proxies (HEALTHYPLACES_TRUSTED_PROXIES) the
N-th entry from the right was written by the outermost one and is the client's; entries further
left were sent by the client and may be forged. With no trusted proxy the header is ignored.
"""
import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < proxies:  # not through every trusted proxy: the header cannot be trusted
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote
