"""Issue 10, "Lockout behind a proxy": the sign-in lockout keys on the client's own address."""
import pytest
from django.test import Client, RequestFactory, override_settings

from healthyplaces.client_address import client_address
from healthyplaces.testing import PASSWORD

PROXY = "10.0.0.2"


def _fail_five_times(client, **headers):
    for _ in range(5):
        client.post("/account/sign-in/", {"username": "officer-person", "password": "wrong"}, **headers)


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_proxy_a_stranger_cannot_lock_a_person_out(people):
    """Issue 10: behind the proxy every client shared one address, so anyone could lock any account."""
    stranger, officer = Client(), Client()
    _fail_five_times(stranger, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = stranger.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    signed_in = officer.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD},
                             REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert signed_in.status_code == 302
    assert "_auth_user_id" in officer.session


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=0)
def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(people):
    """Issue 10: changing X-Forwarded-For on each try does not escape the lockout when no proxy is trusted."""
    attacker = Client()
    for n in range(5):
        attacker.post("/account/sign-in/", {"username": "officer-person", "password": "wrong"},
                      REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attacker.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD},
                             REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429


@pytest.mark.parametrize("proxies,forwarded,expected", [
    (0, "192.0.2.1", "10.0.0.2"),  # no proxy trusted: the header is the client's own claim
    (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),  # the client put 192.0.2.1 there; the proxy added the rest
    (2, "192.0.2.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
    (2, "203.0.113.5", "10.0.0.2"),  # fewer hops than trusted proxies: not through them, ignore
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected
