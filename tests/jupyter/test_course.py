"""The course's exercises (kubecourse/course): every check fails on a fresh cluster and on the
state the chapter reaches before the exercise, and passes once its solution has run; `%check`
prints the verdict or the solution."""

from __future__ import annotations

import pytest

import kubecourse
from kubecourse import course
from kubecourse.course.exercise import Exercise


@pytest.mark.parametrize("exercise", course.EXERCISES.values(), ids=lambda e: e.id)
def test_the_check_fails_until_the_solution_has_run(exercise: Exercise) -> None:
    cluster = kubecourse.Cluster()
    assert not course.check(exercise.id, cluster.port).passed
    for cell in exercise.given:
        course.run_cell(cluster, cell)
    before = course.check(exercise.id, cluster.port)
    assert not before.passed and exercise.hint in str(before)
    for cell in exercise.solution:
        course.run_cell(cluster, cell)
    assert course.check(exercise.id, cluster.port).passed, course.check(exercise.id, cluster.port).missing


def test_exercise_ids_are_chapter_dot_number_in_order() -> None:
    ids = list(course.EXERCISES)
    assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("."))))
    for chapter in course.CHAPTERS:
        number = chapter.__name__.rsplit(".ch", 1)[1]
        assert [e.id for e in chapter.EXERCISES] == [f"{number}.{n}" for n in range(1, len(chapter.EXERCISES) + 1)]


def test_the_check_magic_prints_the_verdict_the_solution_or_the_usage(ip, capsys) -> None:
    kubecourse.reset_session()
    ip.run_line_magic("check", "05.2")
    out = capsys.readouterr().out
    assert out.startswith("Exercise 05.2: not yet. there is no Deployment kubia") and "Hint: " in out
    ip.run_line_magic("check", "05.2 --solution")
    assert capsys.readouterr().out == course.solution("05.2") + "\n"
    for cell in (*course.EXERCISES["05.1"].given, *course.EXERCISES["05.1"].solution):
        course.run_cell(kubecourse.session(), cell)
    ip.run_line_magic("check", "05.1")
    assert capsys.readouterr().out == f"Exercise 05.1: done. {course.EXERCISES['05.1'].task}\n"
    ip.run_line_magic("check", "99.9")
    assert capsys.readouterr().err == f'error: no exercise "99.9"; the exercises are {", ".join(course.EXERCISES)}\n'
    ip.run_line_magic("check", "")
    assert capsys.readouterr().err == "usage: %check EXERCISE [--solution]   e.g. %check 05.2\n"


def test_a_solution_cell_that_fails_raises() -> None:
    with pytest.raises(RuntimeError, match="not found"):
        course.run_cell(kubecourse.Cluster(), "%kubectl rollout undo deployment kubia")
