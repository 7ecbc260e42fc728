"""The shared funding pot from the command line.

    healthyplaces grants count FILE.pb                      # count a published vote by the rule its META names
    healthyplaces grants count FILE.pb --rule equal-shares  # or by another rule: approval, greedy, equal-shares
    healthyplaces grants count FILE.pb --ties higher-cost   # and another tie rule (keys: grants.counting.TIE_KEYS)
    healthyplaces grants count FILE.pb --format csv         # the winners as CSV
    healthyplaces grants load-sample [--panel-member USERNAME]  # the labelled sample Northamptonshire fund
    healthyplaces grants load-sample-vote                  # then its sample residents' vote, counted and awarded
    healthyplaces grants export-360giving --output FILE.json  # every award as 360Giving data (.json, .xlsx or .csv)
    healthyplaces grants export-360giving --fund NAME --output FILE.xlsx  # one fund's awards
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.exports import write_output
from healthyplaces.importing import ImportRefused

from ... import counting
from ...pabulib import read_pabulib, rule_of


class Command(BaseCommand):
    help = "Count participatory votes and work with the shared funding pot."
    requires_system_checks = []

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        tally = commands.add_parser("count", help="count a vote in the Pabulib format (.pb) and compare the result "
                                                  "with the projects the file says were funded")
        tally.add_argument("file")
        tally.add_argument("--rule", choices=counting.RULES, help="default: the rule the file's META names")
        tally.add_argument("--ties", default=",".join(counting.DEFAULT_TIES),
                           help=f"tie rule keys in turn, separated by commas ({', '.join(counting.TIE_KEYS)})")
        tally.add_argument("--format", choices=["table", "csv"], default="table")
        sample = commands.add_parser("load-sample", help="load the labelled sample fund for North and West "
                                                         "Northamptonshire (once)")
        sample.add_argument("--panel-member", action="append", default=[], metavar="USERNAME",
                            help="put this person on the sample round's panel (repeat for more)")
        commands.add_parser("load-sample-vote", help="load a labelled sample residents' vote on the sample fund, "
                                                     "counted and awarded (once; after load-sample)")
        giving = commands.add_parser("export-360giving", help="write every award (or one fund's) as 360Giving data")
        giving.add_argument("--fund", help="the fund's name (default: every fund)")
        giving.add_argument("--output", required=True, help="FILE.json, FILE.xlsx or FILE.csv")

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _load_sample(self, options):
        from healthyplaces.accounts.models import User

        from ...sample import load_sample

        usernames = options["panel_member"]
        members = list(User.objects.filter(username__in=usernames))
        missing = set(usernames) - {user.username for user in members}
        if missing:
            raise CommandError(f"No such person: {', '.join(sorted(missing))}")
        fund = load_sample(panel_members=members)
        applications = sum(call_out.applications.count() for round_ in fund.rounds.all()
                           for call_out in round_.call_outs.all())
        self.stdout.write(f"{fund.name}: {fund.lots.count()} lots, {applications} sample applications "
                          f"(/grants/).")

    def _load_sample_vote(self, options):
        from ...sample_votes import NoSampleFund, load_sample_vote

        try:
            round_ = load_sample_vote()
        except NoSampleFund as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"{round_}: {round_.ballots.count()} sample ballots, counted, "
                          f"{sum(len(r.winners) for r in round_.results.all())} projects awarded "
                          f"(/grants/votes/{round_.pk}/results/).")

    def _export_360giving(self, options):
        from ...awards import awards, export
        from ...models import Fund
        from ...threesixtygiving import NotPublishable

        path = Path(options["output"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "xlsx", "csv"):
            raise CommandError(f"{path.name}: name the output .json, .xlsx or .csv (the format follows the name).")
        fund = None
        if options["fund"]:
            fund = Fund.objects.filter(name=options["fund"]).first()
            if fund is None:
                names = ", ".join(Fund.objects.values_list("name", flat=True)) or "none yet"
                raise CommandError(f"No fund is called {options['fund']!r} (funds: {names}).")
        try:
            data = export(fmt, fund)
        except NotPublishable as refused:
            raise CommandError(str(refused)) from None
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        self.stdout.write(f"Wrote {awards(fund).count():,} award(s) as 360Giving {fmt} to {path}.")

    def _count(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            election_file = read_pabulib(path.read_bytes(), path.name)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        rule, rule_options = (options["rule"], {}) if options["rule"] else rule_of(election_file.meta) or (None, {})
        if rule is None:
            raise CommandError(f"The file's rule is {election_file.meta.get('rule', 'not given')!r}; "
                               f"choose one with --rule ({', '.join(counting.RULES)}).")
        try:
            election = election_file.election()
            outcome = counting.count(election, rule, ties=[k.strip() for k in options["ties"].split(",") if k.strip()],
                                     **rule_options)
        except counting.CountRefused as refused:
            raise CommandError(f"{path.name}: {refused}") from None
        names = {p["project_id"]: p.get("name", "") for p in election_file.projects}
        selected = election_file.selected
        header = ["place", "project_id", "name", "cost", "votes"] + (["funded_by_the_city"] if selected is not None else [])
        rows = [[n, pid, names[pid], cost, votes] + (["yes" if pid in selected else "no"] if selected is not None else [])
                for n, (pid, cost, votes) in enumerate(outcome.rows(election), start=1)]
        if options["format"] == "csv":
            write_output(self.stdout, header, rows, "csv")
            return
        self.stdout.write(f"{path.name}: {election.voters:,} voters, {len(election.project_ids)} projects, "
                          f"budget {outcome.budget:,}; counted by {rule}"
                          f"{' (as the file names it: ' + election_file.meta['rule'] + ')' if rule_options or not options['rule'] else ''}. "
                          f"{outcome.tie_rule}")
        write_output(self.stdout, header, rows, "table")
        self.stdout.write(f"Spent {outcome.spent:,} of {outcome.budget:,} on {len(outcome.winners)} project(s).")
        for tie in outcome.ties:
            self.stdout.write(f"Tie at place {tie.step}: {', '.join(tie.tied)} were level; {tie.chosen} went first.")
        if outcome.note:
            self.stdout.write(outcome.note)
        if selected is not None:
            self.stdout.write(_compared(outcome.winners, selected))


def _compared(winners, selected):
    here, city = set(winners), set(selected)
    if here == city:
        return "The same projects as the file says were funded."
    parts = []
    if here - city:
        parts.append("funded by this count only: " + ", ".join(sorted(here - city)))
    if city - here:
        parts.append("funded in the file only: " + ", ".join(sorted(city - here)))
    return "Not the projects the file says were funded: " + "; ".join(parts) + "."
