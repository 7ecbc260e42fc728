"""Embedding insights is a background job (issue 11, Background work): started by an administrator from
the similar-insights page, or run by `insights embed` with its progress bar."""
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthyplaces.accounts.models import Role
from healthyplaces.insights import embeddings
from healthyplaces.insights.models import Insight
from healthyplaces.jobs.models import Job
from healthyplaces.jobs.testing import database_backend, run_worker


@pytest.fixture
def model(monkeypatch):
    """A stand-in for the sentence model: one vector per text, so the job's work can be counted."""
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "status", lambda: None)
    encoded = []

    def encode(texts, batch_size=64):
        encoded.extend(texts)
        return np.ones((len(texts), embeddings.DIMENSIONS), dtype=np.float32)

    monkeypatch.setattr(embeddings, "encode", encode)
    return encoded


@pytest.fixture
def unembedded(record):
    for summary in ("Buses stop at six", "Nowhere to sit in the park", "The library opens late on Thursdays"):
        record(Role.OFFICER, summary)
    Insight.objects.update(embedding=None)
    return 3


def test_an_administrator_starts_the_embedding_job_and_sees_it_done(people, client_for, model, unembedded):
    """Issue 11, Background work: embedding insights is a task with progress and a result."""
    model.clear()  # what recording the insights embedded
    assert client_for(people[Role.OFFICER]).get("/insights/similar/").status_code == 403
    admin = client_for(people[Role.ADMIN])
    assert "3 insights have no vector yet" in admin.get("/insights/similar/").content.decode()
    with database_backend():
        job_page = admin.post("/insights/similar/")["Location"]
        assert Insight.objects.filter(embedding__isnull=True).count() == 3  # nothing done in the request
        run_worker()
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 3, 3)
    assert sorted(model) == ["Buses stop at six", "Nowhere to sit in the park", "The library opens late on Thursdays"]
    assert not Insight.objects.filter(embedding__isnull=True).exists()
    assert "Computed the vectors of 3 insights" in admin.get(job_page).content.decode()
    assert "Every insight has its vector." in admin.get("/insights/similar/").content.decode()


def test_insights_embed_runs_the_same_job_with_a_progress_bar(model, unembedded):
    """Issue 11, Background work: the `insights embed` command keeps a progress bar."""
    out, err = io.StringIO(), io.StringIO()
    call_command("insights", "embed", stdout=out, stderr=err)
    assert "Computed the vectors of 3 insights" in out.getvalue()
    assert "Computing the vectors of insights that have none yet" in err.getvalue() and "3/3" in err.getvalue()


def test_without_the_model_the_job_says_why(people, client_for, monkeypatch, db):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    monkeypatch.setattr(embeddings, "status", lambda: "The sentence-embedding model is not installed here.")
    with pytest.raises(CommandError, match="not installed here"):
        call_command("insights", "embed")
