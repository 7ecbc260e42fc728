"""Similar insights: how many insights wait for their vectors, and a job to compute them (administrators)."""
from django.shortcuts import redirect, render

from healthyplaces.accounts.permissions import require
from healthyplaces.jobs import services as jobs

from .. import embeddings, services
from ..tasks import embed_insights


@require("insights.embed")
def similar_insights(request):
    if request.method == "POST":
        return redirect(jobs.job_url(jobs.start(embed_insights, request.user)))
    return render(request, "insights/similar.html", {"waiting": services.waiting_for_vectors(),
                                                     "unavailable": embeddings.status()})
