"""`healthyplaces insights search|import|load-sample|embed|reindex-words`: community insights from the command line."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts import audit
from healthyplaces.accounts.models import User
from healthyplaces.exports import write_output
from healthyplaces.places.services import AreaNotFound, find_areas

from healthyplaces.insights import columns, embeddings, importing, sample, search, services
from healthyplaces.insights.tasks import embed_insights
from healthyplaces.jobs import services as jobs
from healthyplaces.insights.models import Conversation
from healthyplaces.insights.columns import ROLE_NAMES

# The command's options for what a column holds, and the role each names (columns.ROLES).
OPTIONS = [("kind-column", "kind"), ("quote", "quote"), ("quote-consent", "quote_consent"), ("themes", "themes"),
           ("tags", "tags"), ("postcode", "postcode"), ("lsoa", "lsoa"), ("ward", "ward"),
           ("neighbourhood", "neighbourhood"), ("community", "community"), ("age-band", "age_band"), ("date", "date")]


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
        held = load.add_argument_group(
            "what the columns hold", "Name columns by their header; any column not named is ignored. Without these, "
            "the columns are guessed from their names (the platform's own layout needs none).")
        held.add_argument("--answer", action="append", metavar="COLUMN",
                          help="a column of answer text (repeat for several questions: one insight each)")
        held.add_argument("--kind", choices=["need", "strength", "barrier", "idea"], help="the kind of every answer")
        for option, role in OPTIONS:
            held.add_argument(f"--{option}", metavar="COLUMN", dest=f"column_{role}",
                              help=f"the column that holds: {ROLE_NAMES[role]}")
        held.add_argument("--mapping", metavar="NAME",
                          help="use the choices saved under this name by the conversation's organisation")
        held.add_argument("--save-mapping", metavar="NAME", help="save these choices under this name for the next file")
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
            table = importing.read(data, path.name)
            header = importing.header_of(table)
            mapping = self._mapping(table, header, conversation, options)
            found = importing.parse(data, path.name, conversation, mapping)
            if found.problems and not found.rows:
                raise importing.ImportRefused(found.problems)
            for problem in found.problems:
                self.stderr.write(f"Left out: {problem}")
            for note in found.notes:
                self.stderr.write(f"Note: {note}")
            if options["save_mapping"]:
                columns.save(mapping, header, options["save_mapping"], conversation.organisation, person)
                self.stdout.write(f"Saved these choices as {options['save_mapping']!r}.")
            if preview:
                self.stdout.write(f"{len(found.rows)} insights from {path.name} (read as {found.encoding or 'a workbook'}), "
                                  f"{len(found.new_rows)} new, {len(found.flagged)} with likely personal data, "
                                  f"{len(found.lines_left_out)} lines left out. Nothing written.")
                return
            with audit.acting_as(person):
                added = importing.commit_preview(found, conversation, person)
        except importing.ImportRefused as error:
            raise CommandError("Import refused, nothing written:\n" + "\n".join(map(str, error.problems))) from None
        count = len(found.lines_left_out)
        left_out = (f" {count} line{'s' if count != 1 else ''} with problems {'were' if count != 1 else 'was'} left out."
                    if count else "")
        self.stdout.write((f"Imported {added} insights into {conversation.title!r}." if added
                           else "Nothing new: every row was imported before.") + left_out)

    def _mapping(self, table, header, conversation, options):
        """The choices the options make; or those saved under --mapping; or the guesses from the header."""
        named = {role: options[f"column_{role}"] for _, role in OPTIONS if options[f"column_{role}"]}
        if options["answer"] or named:
            return columns.from_names(header, kind=options["kind"] or "", answer=options["answer"] or [], **named)
        if options["mapping"]:
            saved = columns.saved_for(conversation.organisation).filter(name=options["mapping"]).first()
            if saved is None:
                raise CommandError(f"{conversation.organisation} has no choices saved as {options['mapping']!r}.")
            return columns.from_saved(saved, header)
        guessed = columns.guess(header, table.rows)
        if options["kind"]:  # one kind for all, in place of a kind column
            guessed.roles = [columns.IGNORE if role == "kind" else role for role in guessed.roles]
            guessed.kind = options["kind"]
        return guessed

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
