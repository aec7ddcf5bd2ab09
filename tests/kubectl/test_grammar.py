"""kubectl's flag grammar, as pflag parses it."""

from __future__ import annotations

import pytest

from kubecourse.kubectl.grammar import Flag, UsageError, parse

FLAGS = (Flag("output", "o"), Flag("watch", "w", kind="bool", default=False),
         Flag("all-namespaces", "A", kind="bool", default=False), Flag("filename", "f", kind="slice"),
         Flag("from-literal", kind="array"), Flag("replicas", kind="int", default=0),
         Flag("cascade", default="background", no_opt="background"))


def test_flags_before_and_after_positionals():
    p = parse(["-n", "kube-system", "pods", "-o", "wide", "kubia"], FLAGS)
    assert p.args == ["pods", "kubia"] and p["namespace"] == "kube-system" and p["output"] == "wide"


@pytest.mark.parametrize("argv", [["--output=yaml"], ["--output", "yaml"], ["-oyaml"], ["-o=yaml"], ["-o", "yaml"]])
def test_every_spelling_of_a_value(argv):
    assert parse(argv, FLAGS)["output"] == "yaml"


def test_combined_boolean_shorthands():
    p = parse(["-Aw"], FLAGS)
    assert p["all-namespaces"] and p["watch"]


def test_slices_split_on_commas_and_arrays_do_not():
    p = parse(["-f", "a.yaml,b.yaml", "-f", "c.yaml", "--from-literal=k=a,b"], FLAGS)
    assert p["filename"] == ["a.yaml", "b.yaml", "c.yaml"] and p["from-literal"] == ["k=a,b"]


def test_double_dash_ends_flags():
    p = parse(["kubia", "--", "curl", "-s", "http://x"], FLAGS)
    assert p.args == ["kubia"] and p.dash_args == ["curl", "-s", "http://x"]


def test_bare_flag_takes_its_no_option_default():
    assert parse(["--cascade"], FLAGS)["cascade"] == "background"
    assert parse(["--cascade=orphan"], FLAGS)["cascade"] == "orphan"


@pytest.mark.parametrize(("argv", "message"), [
    (["--foo"], "unknown flag: --foo"),
    (["-x"], "unknown shorthand flag: 'x' in -x"),
    (["-o"], "flag needs an argument: 'o' in -o"),
    (["--output"], "flag needs an argument: --output"),
    (["--replicas=three"], 'invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": '
                           "invalid syntax"),
])
def test_pflag_errors(argv, message):
    with pytest.raises(UsageError) as e:
        parse(argv, FLAGS)
    assert str(e.value) == message
