"""One exercise: a task stated as an end state, a check of the learner's cluster read
through the typed cluster port (kubecourse/api/port.py), a hint, and a solution.

A check reads state, never the commands typed, so any correct path passes (as a
Killercoda verify script does). It returns None when the state is reached, else one
sentence saying what is missing. A solution is the cells a learner would run, in the
notebook's own syntax (`%kubectl ...`, `%%manifest` with its YAML, `%cluster advance 30s`),
so the text shown to the learner is the text the tests apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kubecourse.api.port import Port
from kubecourse.kubectl.duration import parse_duration

Check = Callable[[Port], str | None]

MANIFEST = "%%manifest\n"
KUBECTL = "%kubectl "
ADVANCE = "%cluster advance "


@dataclass(frozen=True)
class Exercise:
    """`given` are the cells the chapter has run before the exercise (the tests start from
    them); `solution` the cells that reach the end state; `why` one line on why they do."""

    id: str
    task: str
    check: Check
    hint: str
    solution: tuple[str, ...]
    why: str
    given: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What `%check` prints: passed or not, and the sentence that says so."""

    exercise: Exercise
    missing: str | None

    @property
    def passed(self) -> bool:
        return self.missing is None

    def __str__(self) -> str:
        if self.missing is None:
            return f"Exercise {self.exercise.id}: done. {self.exercise.task}"
        return (f"Exercise {self.exercise.id}: not yet. {self.missing}\n"
                f"Hint: {self.exercise.hint}\n"
                f"(%check {self.exercise.id} --solution shows a solution)")

    def _repr_pretty_(self, printer, _cycle: bool) -> None:
        printer.text(str(self))


def solution_text(exercise: Exercise) -> str:
    """The solution's cells, separated by blank lines, then why they work."""
    cells = "\n\n".join(cell.rstrip("\n") for cell in exercise.solution)
    return f"Exercise {exercise.id}, a solution:\n\n{cells}\n\n{exercise.why}"


def run_cell(cluster, cell: str) -> None:
    """Run one solution or given cell against a kubecourse.Cluster, as the magic would.
    A kubectl error raises, so a broken solution cannot pass silently."""
    if cell.startswith(MANIFEST):
        result = cluster.kubectl("apply -f -", stdin=cell.removeprefix(MANIFEST))
    elif cell.startswith(KUBECTL):
        result = cluster.kubectl(cell.removeprefix(KUBECTL))
    elif cell.startswith(ADVANCE):
        cluster.advance(parse_duration(cell.removeprefix(ADVANCE)))
        return
    else:
        raise ValueError(f"not a solution cell: {cell!r}")
    if result.returncode != 0:
        raise RuntimeError(f"{cell!r} failed: {result.stderr}")
