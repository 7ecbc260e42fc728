"""Participatory votes in the Pabulib format (`.pb`), read and written.

Pabulib (pabulib.org/format) is how cities publish their participatory-budgeting elections: a text file
of three `;`-separated sections, META (key;value), PROJECTS (project_id;cost;… and often `votes`,
`name` and the city's `selected`) and VOTES (voter_id;vote;…, a vote being the approved project ids
separated by commas). Reading one lets an officer count a city's published vote by the platform's rules
and see whether the result is the one the city published; writing one publishes a vote run here in the
same format. Only approval ballots are counted (grants.counting); a file of another `vote_type` is read
and refused with that reason. Every problem names its line, as every importer's does.
"""
import io
from dataclasses import dataclass, field

from healthyplaces.exports import write_rows
from healthyplaces.importing import Problems, decode, read_records, refuse

from .counting import Election

SECTIONS = ("meta", "projects", "votes")
#: Pabulib's `rule` labels (pabulib.org/format) as a count here: (rule, its options).
RULES = {
    "greedy": ("greedy", {}),
    "equalshares": ("equal-shares", {"completion": None}),
    "equalshares/add1": ("equal-shares", {}),
    "equalshares/add1-comparison": ("equal-shares", {"comparison": True}),
}
MAX_BYTES = 50 * 1024 * 1024  # Warszawa's largest district file is under 2 MB


@dataclass
class PabulibFile:
    """A Pabulib file as read: META as written, the projects and votes as {column: text} in file order."""

    name: str
    meta: dict
    projects: list
    votes: list
    project_columns: list = field(default_factory=list)
    vote_columns: list = field(default_factory=list)

    @property
    def budget(self):
        return _whole(self.meta["budget"])

    @property
    def selected(self):
        """The projects the city funded (its `selected` column), or None when the file does not say."""
        if "selected" not in self.project_columns:
            return None
        return tuple(p["project_id"] for p in self.projects if p["selected"].strip() == "1")

    def election(self):
        return Election([p["project_id"] for p in self.projects], [_whole(p["cost"]) for p in self.projects],
                        self.budget, [_ballot(v["vote"]) for v in self.votes])


def rule_of(meta):
    """(rule, options) for the rule a file's META names, or None for a rule the platform does not count."""
    return RULES.get(meta.get("rule", "").strip().lower())


def _whole(text):
    """A cost or budget: a whole number, also when written "35000.0" or with a decimal comma."""
    value = float(str(text).strip().replace(",", "."))
    if value != int(value):
        raise ValueError(text)
    return int(value)


def _ballot(text):
    return [p.strip() for p in text.split(",") if p.strip()]


def _records(text, filename):
    """(line, cells) of each non-blank record, its cells stripped, with the physical line it starts on."""
    for line, cells in read_records(text, filename, delimiter=";"):
        if any(cell.strip() for cell in cells):
            yield line, [cell.strip() for cell in cells]


def read_pabulib(data, filename, *, max_bytes=MAX_BYTES):
    """Read a `.pb` file (bytes or text) and check it; any problem refuses it (ImportRefused) with its line."""
    if len(data) > max_bytes:
        refuse(filename, 0, f"the file is over {max_bytes // (1024 * 1024)} MB")
    text = decode(data, filename)
    problems = Problems()
    sections = {name: None for name in SECTIONS}  # name -> (line, header, rows)
    current = None
    for line, cells in _records(text, filename):
        if len(cells) == 1 and cells[0].lower() in SECTIONS:
            current = cells[0].lower()
            if sections[current] is not None:
                refuse(filename, line, f"a second {cells[0]} section; a file has one of each")
            sections[current] = [line, None, []]
        elif current is None:
            refuse(filename, line, "this is not a Pabulib file: it must start with META, then PROJECTS and VOTES")
        elif sections[current][1] is None:
            sections[current][1] = [c.lower() for c in cells]
        else:
            sections[current][2].append((line, cells))
    for name in SECTIONS:
        if sections[name] is None or sections[name][1] is None:
            refuse(filename, 0, f"the {name.upper()} section (with its header row) is missing")
    if not sections["meta"][0] < sections["projects"][0] < sections["votes"][0]:
        refuse(filename, 0, "the sections must come in the order META, PROJECTS, VOTES")

    meta, meta_line = _meta(filename, sections["meta"], problems)
    project_columns, projects = _rows(filename, sections["projects"], ("project_id", "cost"), problems)
    vote_columns, votes = _rows(filename, sections["votes"], ("voter_id", "vote"), problems)
    problems.refuse_if_any()

    vote_type = meta.get("vote_type", "approval").lower()
    if vote_type != "approval":
        refuse(filename, meta_line.get("vote_type", 0),
               f"the ballots are {vote_type!r}; the platform counts approval ballots only")
    if "budget" not in meta:
        refuse(filename, sections["meta"][0], "META has no budget")
    try:
        budget = _whole(meta["budget"])
        if budget < 0:
            raise ValueError
    except ValueError:
        refuse(filename, meta_line["budget"], f"the budget {meta['budget']!r} is not a whole amount of money")

    ids, cost_of = {}, {}
    for line, project in projects:
        pid = project["project_id"]
        if not pid:
            problems.add(filename, line, "the project has no project_id")
        elif pid in ids:
            problems.add(filename, line, f"project {pid} is listed twice (first at line {ids[pid]})")
        ids.setdefault(pid, line)
        try:
            cost_of[pid] = _whole(project["cost"])
            if cost_of[pid] < 0:
                raise ValueError
        except ValueError:
            problems.add(filename, line, f"project {pid}'s cost {project['cost']!r} is not a whole amount of money")
        if "selected" in project and project["selected"] not in ("", "0", "1"):
            problems.add(filename, line, f"selected is {project['selected']!r}; it is 1 (funded) or 0")

    limits = {}
    for key in ("min_length", "max_length", "max_sum_cost"):
        if key in meta:
            try:
                limits[key] = _whole(meta[key])
            except ValueError:
                problems.add(filename, meta_line[key], f"{key} {meta[key]!r} is not a whole number")
    voters, approvals = {}, {pid: 0 for pid in ids}
    for line, vote in votes:
        vid = vote["voter_id"]
        if vid in voters:
            problems.add(filename, line, f"voter {vid} voted twice (first at line {voters[vid]})")
        voters.setdefault(vid, line)
        ballot = _ballot(vote["vote"])
        unknown = [p for p in ballot if p not in ids]
        if unknown:
            problems.add(filename, line, f"the vote approves {', '.join(unknown)}, which is not a project in PROJECTS")
        if len(set(ballot)) != len(ballot):
            problems.add(filename, line, "the vote names a project twice")
        if len(ballot) < limits.get("min_length", 0):
            problems.add(filename, line, f"the vote approves {len(ballot)} project(s); min_length is {limits['min_length']}")
        if "max_length" in limits and len(ballot) > limits["max_length"]:
            problems.add(filename, line, f"the vote approves {len(ballot)} projects; max_length is {limits['max_length']}")
        if "max_sum_cost" in limits and not unknown and sum(cost_of.get(p, 0) for p in ballot) > limits["max_sum_cost"]:
            problems.add(filename, line, f"the approved projects cost more than max_sum_cost ({limits['max_sum_cost']:,})")
        for p in set(ballot) & approvals.keys():
            approvals[p] += 1
    for key, counted in (("num_projects", len(projects)), ("num_votes", len(votes))):
        if key in meta and meta[key] != str(counted):
            problems.add(filename, meta_line[key], f"{key} is {meta[key]} but the file has {counted}")
    if "votes" in project_columns:
        for line, project in projects:
            pid = project["project_id"]
            if project["votes"] and pid in approvals and project["votes"] != str(approvals[pid]):
                problems.add(filename, line, f"project {pid} says {project['votes']} votes but {approvals[pid]} "
                                             f"votes in VOTES approve it")
    problems.refuse_if_any()
    return PabulibFile(filename, meta, [p for _, p in projects], [v for _, v in votes], project_columns, vote_columns)


def _meta(filename, section, problems):
    """META as {key: value} (its own header row, `key;value`, is the first), and each key's line."""
    _, header, rows = section
    meta, lines = {}, {}
    if header[:2] != ["key", "value"]:
        rows = [(section[0] + 1, header)] + rows  # a file without the key;value header row
    for line, cells in rows:
        if len(cells) != 2:
            problems.add(filename, line, f"a META line is key;value, this one has {len(cells)} cell(s)")
            continue
        key = cells[0].lower()
        if key in meta:
            problems.add(filename, line, f"{key} is given twice in META")
        meta[key], lines[key] = cells[1], line
    return meta, lines


def _rows(filename, section, required, problems):
    line, header, rows = section
    missing = [c for c in required if c not in header]
    if missing:
        problems.add(filename, line + 1, f"the header has no {', '.join(missing)} column")
        return header, []
    found = []
    for row_line, cells in rows:
        if len(cells) != len(header):
            problems.add(filename, row_line, f"the row has {len(cells)} cells; its header has {len(header)}")
            continue
        found.append((row_line, dict(zip(header, cells))))
    return header, found


def write_pabulib(meta, projects, votes):
    """A `.pb` file's text. `meta` is {key: value} (num_projects and num_votes are filled in), `projects` and
    `votes` lists of {column: value}, each with project_id and cost, or voter_id and vote (a list of ids)."""
    out = io.StringIO()
    meta = {"vote_type": "approval", **meta, "num_projects": len(projects), "num_votes": len(votes)}
    project_columns, vote_columns = _columns(projects, ("project_id", "cost")), _columns(votes, ("voter_id", "vote"))
    write_rows(out, [["META"], ["key", "value"], *([k, v] for k, v in meta.items()),
                     ["PROJECTS"], project_columns, *([p.get(c, "") for c in project_columns] for p in projects),
                     ["VOTES"], vote_columns,
                     *([",".join(map(str, v[c])) if c == "vote" else v.get(c, "") for c in vote_columns] for v in votes)],
               delimiter=";")
    return out.getvalue()


def _columns(rows, first):
    columns = list(first)
    for row in rows:
        columns += [c for c in row if c not in columns]
    return columns
