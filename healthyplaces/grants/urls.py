"""The funding pot's pages. Call-outs, applications, panels and officers' set-up are in views/callouts.py,
views/applications.py, views/panels.py and views/funds.py; votes and awards in views/votes.py and views/awards.py."""
from django.urls import path

from .views import callouts

app_name = "grants"
urlpatterns = [
    path("", callouts.call_out_list, name="call_out_list"),
]
