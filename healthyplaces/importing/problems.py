"""What is wrong with an imported file: each problem with its file, line and reason, and the one refusal."""
from dataclasses import dataclass

MAX_PROBLEMS = 50
NUL_REASON = "there is a NUL byte (character 0) here, which cannot be stored; remove it and import again"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (its line, 0 for the whole file; or a path in a YAML or JSON
    document such as `items[2].scale`) and why, as a person would fix it."""

    file: str
    line: int
    reason: str
    path: str = ""

    def __str__(self):
        where = [self.file] + ([f"line {self.line}"] if self.line else []) + ([self.path] if self.path else [])
        return f"{', '.join(where)}: {self.reason}"


class ImportRefused(ValueError):
    """The file has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        more = " (and more; only the first {} are listed)".format(MAX_PROBLEMS) if len(self.problems) >= MAX_PROBLEMS else ""
        super().__init__(
            f"Import refused, nothing was written: {len(self.problems)} problem(s){more}.\n"
            + "\n".join(str(p) for p in self.problems)
        )


def refuse(file, line, reason):
    """Refuse the whole file for one problem."""
    raise ImportRefused([Problem(file, line, reason)])


class Problems:
    """Problems collected while checking, the first MAX_PROBLEMS kept."""

    def __init__(self):
        self.items = []

    def add(self, file, line, reason, path=""):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(file, line, reason, path))

    def extend(self, problems):
        for problem in problems:
            if len(self.items) < MAX_PROBLEMS:
                self.items.append(problem)

    def __bool__(self):
        return bool(self.items)

    def refuse_if_any(self):
        if self.items:
            raise ImportRefused(self.items)
