"""`healthyplaces insights search|import|load-sample|embed|reindex-words`: community insights from the command line."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts import audit
from healthyplaces.accounts.models import User
from healthyplaces.exports import write_output
from healthyplaces.places.services import AreaNotFound, find_areas

from healthyplaces.insights import embeddings, importing, sample, search, services
from healthyplaces.insights.tasks import embed_insights
from healthyplaces.jobs import services as jobs
from healthyplaces.insights.models import Conversation


class Command(BaseCommand):
    help = "Community insights: search them, import a CSV or Excel file, load the sample, embed."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        find = commands.add_parser("search", help="full-text search with filters (redacted text)")
        find.add_argument("text", nargs="?", default="")
        find.add_argument("--area", action="append", help="local authority code or name, neighbourhood, ward or LSOA")
        find.add_argument("--theme", action="append", default=[], help="a theme code, e.g. L3_housing")
        find.add_argument("--community", action="append", default=[], help="a community slug")
        find.add_argument("--kind", action="append", default=[], choices=["need", "strength", "barrier", "idea"])
        find.add_argument("--limit", type=int, default=50)
        find.add_argument("--counts", action="store_true", help="print counts by theme, community, place, kind, quarter")
        find.add_argument("--format", default="table", choices=["table", "csv"])
        load = commands.add_parser("import", help="import insights from a CSV or .xlsx file into a conversation")
        load.add_argument("file")
        load.add_argument("--conversation", type=int, required=True, help="the conversation's number")
        load.add_argument("--user", required=True, help="who is importing (a username)")
        load.add_argument("--preview", action="store_true", help="check and show, write nothing")
        commands.add_parser("load-sample", help="load the labelled sample for Stockton-on-Tees (once)")
        commands.add_parser("embed", help="compute missing sentence embeddings")
        commands.add_parser("reindex-words", help="make the words search matches again (after words.py changes)")

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _search(self, text, area, theme, community, kind, limit, counts, format, **options):
        filters = search.Filters(text=text, themes=theme, communities=community, kinds=kind)
        if area:
            try:
                filters.lsoa_codes = list(find_areas(area).lsoas().values_list("code", flat=True))
            except AreaNotFound as error:
                raise CommandError(str(error)) from None
        results = search.find(filters)  # no person: only what is shared beyond organisations
        if counts:
            write_output(self.stdout, ["by", "value", "insights"],
                         [(by, label, n) for by, rows in results.counts().items() for _, label, n in rows], format)
            return
        rows = search.insights(results[:limit])
        write_output(self.stdout, ["id", "held_on", "kind", "themes", "summary", "conversation"], [
            (i.pk, i.conversation.held_on, i.kind, ";".join(t.code for t in i.themes.all()), i.summary_redacted,
             services.shown_conversation(i.conversation, None).title) for i in rows], format)

    def _import(self, file, conversation, user, preview, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file at {file}")
        conversation = Conversation.objects.filter(pk=conversation).first()
        if conversation is None:
            raise CommandError("No conversation has that number.")
        person = User.objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No one is called {user!r}.")
        data = path.read_bytes()
        try:
            if preview:
                found = importing.parse(data, path.name, conversation)
                if found.problems:
                    raise importing.ImportRefused(found.problems)
                self.stdout.write(f"{len(found.rows)} rows, {len(found.new_rows)} new, "
                                  f"{len(found.flagged)} with likely personal data. Nothing written.")
                return
            with audit.acting_as(person):
                added = importing.commit(data, path.name, conversation, person)
        except importing.ImportRefused as error:
            raise CommandError("Import refused, nothing written:\n" + "\n".join(map(str, error.problems))) from None
        self.stdout.write(f"Imported {added} insights into {conversation.title!r}." if added
                          else "Nothing new: every row was imported before.")

    def _load_sample(self, **options):
        try:
            conversations, insights = sample.load()
        except services.InsightInvalid as error:
            raise CommandError(str(error)) from None
        if conversations:
            self.stdout.write(f"Loaded the sample: {conversations} conversations and {insights} insights for "
                              "Stockton-on-Tees, each marked 'Sample data'.")
            if not embeddings.available():
                self.stdout.write(embeddings.status())
        else:
            self.stdout.write("The sample is already loaded; nothing changed.")

    def _embed(self, **options):
        try:
            done = jobs.run_here(embed_insights, stream=self.stderr._out)
        except jobs.Failed as failed:
            raise CommandError(str(failed)) from None
        self.stdout.write(done.message)

    def _reindex_words(self, **options):
        self.stdout.write(f"Search words made again for {services.reindex_words()} insights.")
