"""The funding pot's pages. Call-outs, applications, panels and officers' set-up are in views/callouts.py,
views/applications.py, views/panels.py and views/funds.py; votes and awards in views/votes.py and views/awards.py."""
from django.urls import path

from .views import applications, awards, callouts, funds, panels, votes

app_name = "grants"
urlpatterns = [
    path("", callouts.call_out_list, name="call_out_list"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("call-outs/<slug:slug>/", callouts.call_out, name="call_out"),
    path("call-outs/<slug:slug>/apply/", applications.apply, name="apply"),
    path("funds/", funds.fund_list, name="fund_list"),
    path("funds/<int:pk>/", funds.fund, name="fund"),
    path("funds/<int:pk>/call-outs/new/", funds.call_out_create, name="call_out_create"),
    path("funds/<int:pk>/contributions/new/", funds.contribution_create, name="contribution_create"),
    path("funds/<int:pk>/lots/new/", funds.lot_create, name="lot_create"),
    path("funds/<int:pk>/rounds/new/", funds.round_create, name="round_create"),
    path("rounds/<int:pk>/panel/members/new/", funds.panel_member_add, name="panel_member_add"),
    path("panels/", panels.panel_list, name="panel_list"),
    path("panels/<int:pk>/", panels.panel, name="panel"),
    path("panels/<int:pk>/recommendation/", panels.recommendation, name="recommendation"),
    path("panels/applications/<int:pk>/", panels.panel_application, name="panel_application"),
    path("panels/applications/<int:pk>/conflict/", panels.declare_conflict, name="declare_conflict"),
    path("panels/applications/<int:pk>/moderate/", panels.moderate, name="moderate"),
    # votes (views/votes.py) and awards (views/awards.py)
    path("votes/", votes.vote_list, name="vote_list"),
    path("votes/<int:pk>/", votes.vote, name="vote"),
    path("votes/<int:pk>/voted/", votes.voted, name="voted"),
    path("votes/<int:pk>/paper/", votes.paper_ballots, name="paper_ballots"),
    path("votes/ballots/<int:pk>/check/", votes.check_ballot, name="check_ballot"),
    path("votes/<int:pk>/count/", votes.count, name="count"),
    path("votes/<int:pk>/results/", votes.results, name="results"),
    path("votes/<int:pk>/results/<int:lot>.pb", votes.results_pabulib, name="results_pabulib"),
    path("awards/", awards.award_list, name="award_list"),
    path("rounds/<int:pk>/awards/", awards.make_awards, name="make_awards"),
    path("awards/360giving.json", awards.giving_json, name="awards_360giving_json"),
    path("awards/360giving.csv", awards.giving_csv, name="awards_360giving_csv"),
]
