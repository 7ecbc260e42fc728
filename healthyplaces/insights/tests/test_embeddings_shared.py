"""Issue 11, "Caches and settings": vectors written by `insights embed` reach a running server.

The server and the command are separate processes sharing one database, as in production: the
server's cache of vectors must notice what another process wrote, without a restart.
"""
import json
import re
import urllib.request

import pytest

from healthyplaces.insights import embeddings
from healthyplaces.testing import command, running_server, site_env

SEED = """
import json, sys
import django
django.setup()
from django.test import Client
from django.utils import timezone
from healthyplaces.accounts.models import Organisation, Role, User
from healthyplaces.accounts.services import create_person
from healthyplaces.insights.models import Conversation, Insight

organisation, _ = Organisation.objects.get_or_create(name="Catalyst Stockton", kind="vcse")
user = User.objects.filter(username="admin-person").first() or create_person(
    "admin-person", role=Role.ADMIN, organisation=organisation)[0]
conversation = Conversation.objects.first() or Conversation.objects.create(
    title="Coffee morning", kind="street", held_on="2026-05-01", organisation=organisation,
    confirmed_at=timezone.now())
ids = [Insight.objects.create(conversation=conversation, organisation=organisation, kind="barrier", summary=text,
                              summary_redacted=text, confirmed_at=timezone.now()).pk for text in sys.argv[1:]]
client = Client()
client.force_login(user)
print(json.dumps({"ids": ids, "session": client.cookies["sessionid"].value}))
"""


def _seed(env, *summaries):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", SEED, *summaries], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _similar(url, pk, session):
    request = urllib.request.Request(f"{url}/insights/{pk}/", headers={"Cookie": f"sessionid={session}"})
    page = urllib.request.urlopen(request, timeout=120).read().decode()
    return page[page.index('id="similar"'):]


@pytest.mark.skipif(not embeddings.available(), reason=str(embeddings.status()))
def test_a_running_server_sees_vectors_written_by_insights_embed(tmp_path):
    env = site_env(tmp_path)
    command(env, "migrate", "--no-input", "-v0")
    seeded = _seed(env, "The buses stopped running to the estate, so older people cannot get to the shops.",
                   "Since the bus route was cut nobody can reach the GP surgery without a car.")
    first, second = seeded["ids"]
    command(env, "insights", "embed")
    with running_server(env, tmp_path) as url:
        assert "the bus route was cut" in _similar(url, first, seeded["session"])
        third = _seed(env, "There is no bus any more, so my neighbours cannot get to the doctor.")["ids"][0]
        assert "no bus any more" not in _similar(url, first, seeded["session"])  # not embedded yet
        assert re.search(r"Computed the vectors of 1 insight\b", command(env, "insights", "embed").stdout)
        # The same server process, not restarted, now finds the new vector.
        assert "no bus any more" in _similar(url, first, seeded["session"])
        assert "the bus route was cut" in _similar(url, third, seeded["session"])
