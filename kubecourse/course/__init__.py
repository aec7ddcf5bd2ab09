"""The course's exercises, one module per chapter, checked against the learner's cluster:
`%check 05.2` in a notebook, `kubecourse.course.check("05.2", cluster.port)` in Python.

Each chapter module lists its exercises in EXERCISES (kubecourse/course/exercise.py says
what one is); this module gathers them by id.
"""

from __future__ import annotations

from kubecourse.api.port import Port
from kubecourse.course import ch00, ch01, ch02, ch03, ch04, ch05
from kubecourse.course.exercise import Exercise, Verdict, run_cell, solution_text

CHAPTERS = (ch00, ch01, ch02, ch03, ch04, ch05)
EXERCISES: dict[str, Exercise] = {e.id: e for chapter in CHAPTERS for e in chapter.EXERCISES}

__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "exercise", "run_cell", "solution", "solution_text"]


def exercise(exercise_id: str) -> Exercise:
    """The exercise with that id; a ValueError naming the known ones otherwise."""
    found = EXERCISES.get(exercise_id)
    if found is None:
        raise ValueError(f'no exercise "{exercise_id}"; the exercises are {", ".join(EXERCISES)}')
    return found


def check(exercise_id: str, port: Port) -> Verdict:
    """Check an exercise against a cluster's port: `check("05.2", kubecourse.session().port)`
    (`%check 05.2` passes the port of the cluster %kubectl talks to)."""
    found = exercise(exercise_id)
    return Verdict(found, found.check(port))


def solution(exercise_id: str) -> str:
    """The solution a learner can reveal, as cells to run."""
    return solution_text(exercise(exercise_id))
