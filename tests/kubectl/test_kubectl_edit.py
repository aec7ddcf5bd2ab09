"""kubectl edit with a scripted editor (Cluster.editor), against kubectl 1.32's texts (recorded
by running kubectl.1.32 edit with a KUBE_EDITOR script against our served API)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml

from kubecourse.kubectl import edit
from kubecourse.schema import twoway

HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n"
          "#\n")


@pytest.fixture
def kubia(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert cluster.kubectl("create deployment kubia --image=luksa/kubia --replicas=3").returncode == 0
    return cluster


def replacing(old: str, new: str, seen: list[str] | None = None):
    def editor(text: str) -> str:
        if seen is not None:
            seen.append(text)
        return text.replace(old, new)
    return editor


def test_without_an_editor_kubectl_cannot_launch_vi_and_a_hint_says_what_to_do(kubia):
    r = kubia.kubectl("edit deploy/kubia")
    assert (r.stdout, r.returncode) == ("", 1)
    first, hint = r.stderr.splitlines()
    assert first == 'error: unable to launch the editor "vi"'
    assert hint.startswith("kubecourse hint: ") and "cluster.editor" in hint


def test_the_editor_sees_the_header_then_the_object_as_get_o_yaml_prints_it(kubia):
    seen: list[str] = []
    kubia.editor = replacing("x", "x", seen)
    r = kubia.kubectl("edit deployment kubia")
    assert (r.stdout, r.stderr, r.returncode) == ("", "Edit cancelled, no changes made.\n", 0)
    assert seen == [HEADER + kubia.kubectl("get deploy kubia -o yaml").stdout]


def test_a_changed_image_is_patched_and_reported_edited(kubia):
    kubia.editor = replacing("image: luksa/kubia\n", "image: luksa/kubia:v2\n")
    r = kubia.kubectl("edit deploy/kubia --output-patch")
    assert r.stdout == (
        'Patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"kubia"}],'
        '"containers":[{"image":"luksa/kubia:v2","name":"kubia"}]}}}}\n'
        "deployment.apps/kubia edited\n")
    assert (r.stderr, r.returncode) == ("", 0)
    image = kubia.kubectl("get deploy kubia -o jsonpath={.spec.template.spec.containers[0].image}").stdout
    assert image == "luksa/kubia:v2"


def test_a_configmap_edit_and_o_name(kubia):
    kubia.kubectl("create configmap x --from-literal=a=b")
    kubia.editor = replacing("a: b", "a: c")
    r = kubia.kubectl("edit cm x -o name")
    assert (r.stdout, r.stderr, r.returncode) == ("configmap/x\n", "", 0)
    assert kubia.kubectl("get cm x -o jsonpath={.data.a}").stdout == "c"


def test_json_output_shows_json_without_a_header(kubia):
    seen: list[str] = []
    kubia.editor = replacing('"replicas": 3', '"replicas": 4', seen)
    r = kubia.kubectl("edit deploy/kubia -o json")
    assert seen[0].startswith('{\n    "apiVersion": "apps/v1",')
    assert r.returncode == 0 and '"replicas": 4' in r.stdout and "managedFields" not in r.stdout


def test_an_invalid_edit_reopens_with_the_causes_then_gives_up_keeping_a_copy(kubia, tmp_path):
    seen: list[str] = []
    kubia.editor = replacing("replicas: 3", "replicas: -1", seen)
    r = kubia.kubectl("edit deploy kubia")
    copy = next(tmp_path.glob("kubectl-edit-*.yaml"))
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == ('error: deployments.apps "kubia" is invalid\n'
                        f'A copy of your changes has been stored to "{copy}"\n'
                        "error: Edit cancelled, no valid changes were saved.\n")
    reopened = (HEADER + '# deployments.apps "kubia" was not valid:\n'
                "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n")
    assert seen[1].startswith(reopened + "apiVersion: apps/v1\n")
    assert "replicas: -1" in seen[1]
    assert copy.read_text() == seen[1]
    assert kubia.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "3"


def test_an_invalid_edit_corrected_on_the_second_pass_goes_through(kubia):
    answers = iter(["replicas: -1", "replicas: 5"])

    def editor(text: str) -> str:
        return text.replace("replicas: 3", "replicas: -1").replace("replicas: -1", next(answers))

    kubia.editor = editor
    r = kubia.kubectl("edit deploy kubia")
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/kubia edited\n",
                                                  'error: deployments.apps "kubia" is invalid\n', 0)
    assert kubia.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "5"


def test_a_syntax_error_reopens_with_its_reason(kubia):
    seen: list[str] = []
    kubia.editor = replacing("spec:\n  progressDeadlineSeconds", "spec: [\n  progressDeadlineSeconds", seen)
    r = kubia.kubectl("edit deploy kubia")
    assert r.returncode == 1 and r.stderr.endswith("error: Edit cancelled, no valid changes were saved.\n")
    assert seen[1].startswith(HEADER + "# The edited file had a syntax error: error converting YAML to JSON: yaml: ")


def test_renaming_is_refused_and_the_edit_kept(kubia, tmp_path):
    kubia.editor = replacing("  name: kubia\n  namespace", "  name: other\n  namespace")
    r = kubia.kubectl("edit deploy kubia")
    copy = next(tmp_path.glob("kubectl-edit-*.yaml"))
    assert (r.stderr, r.returncode) == (f'A copy of your changes has been stored to "{copy}"\n'
                                        "error: At least one of apiVersion, kind and name was changed\n", 1)


def test_an_empty_file_cancels(kubia):
    kubia.editor = lambda text: "# nothing\n"
    r = kubia.kubectl("edit deploy kubia")
    assert (r.stderr, r.returncode) == ("Edit cancelled, saved file was empty.\n", 0)


def test_unknown_fields_are_refused_by_the_server_and_kubectl_suggests_replace(kubia, tmp_path):
    kubia.editor = replacing("  progressDeadlineSeconds: 600\n", "  progressDeadlineSeconds: 600\n  replicaz: 3\n")
    r = kubia.kubectl("edit deploy kubia")
    copy = next(tmp_path.glob("kubectl-edit-*.yaml"))
    assert r.returncode == 1
    assert r.stderr == ('error: deployments.apps "kubia" could not be patched: Deployment in version "v1" cannot be '
                        'handled as a Deployment: strict decoding error: unknown field "spec.replicaz"\n'
                        f"You can run `kubectl replace -f {copy}` to try this update again.\n")


def test_a_missing_object_is_the_servers_not_found(kubia):
    kubia.editor = replacing("a", "b")
    r = kubia.kubectl("edit deploy nosuch")
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): deployments.apps "nosuch" not found\n', 1)


def test_save_config_and_record_annotate_the_edited_object(kubia):
    kubia.editor = replacing("replicas: 3", "replicas: 2")
    r = kubia.kubectl("edit deploy kubia --save-config --record")
    assert r.stdout == "deployment.apps/kubia edited\n"
    annotations = yaml.safe_load(kubia.kubectl("get deploy kubia -o yaml").stdout)["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == "kubectl edit deploy kubia --save-config=true --record=true"
    assert '"replicas":2' in annotations["kubectl.kubernetes.io/last-applied-configuration"]


def test_several_objects_are_edited_as_one_list(kubia):
    kubia.kubectl("create configmap a --from-literal=k=1")
    kubia.kubectl("create configmap b --from-literal=k=1")
    seen: list[str] = []
    kubia.editor = replacing("k: \"1\"", "k: \"2\"", seen)
    r = kubia.kubectl("edit cm a b")
    assert seen[0].startswith(HEADER + "apiVersion: v1\nitems:\n")
    assert r.stdout == "configmap/a edited\nconfigmap/b edited\n"


def test_two_way_patch_deletes_dropped_keys_and_list_items():
    original = {"metadata": {"labels": {"a": "1", "b": "2"}},
                "spec": {"containers": [{"name": "x", "image": "i"}, {"name": "y", "image": "j"}]}}
    modified = {"metadata": {"labels": {"a": "1"}}, "spec": {"containers": [{"name": "x", "image": "i"}]}}
    assert twoway.two_way_patch(original, modified, "Pod") == {
        "metadata": {"labels": {"b": None}},
        "spec": {"$setElementOrder/containers": [{"name": "x"}],
                 "containers": [{"$patch": "delete", "name": "y"}]}}


def test_strip_comments_ignores_formatting_and_comments():
    assert edit.strip_comments("# c\na:  1\n") == edit.strip_comments("a: 1\n")
    assert edit.manual_strip("# c\n#!keep\nx: [\n") == "#!keep\nx: [\n"
    assert Path(edit.copy_path("x")).name == edit.copy_path("x").name


# --- the notebook widget ------------------------------------------------------------------------


def test_the_widget_shows_the_buffer_and_save_applies_through_the_same_loop(kubia):
    from kubecourse.jupyter import edit as edit_widget

    w = edit_widget.open_widget(kubia, "edit deploy/kubia")
    assert w.text.value.startswith(HEADER + "apiVersion: apps/v1\n")
    assert "kc-edit" in w._dom_classes and "kc-edit-save" in w.save._dom_classes
    w.text.value = w.text.value.replace("replicas: 3", "replicas: -1")
    w.save.click()
    assert w.result is None and "# * spec.replicas: Invalid value: -1" in w.text.value
    w.text.value = w.text.value.replace("replicas: -1", "replicas: 2")
    w.save.click()
    assert w.result.stdout == "deployment.apps/kubia edited\n"
    assert w.result.stderr == 'error: deployments.apps "kubia" is invalid\n'
    assert "deployment.apps/kubia edited" in w.printed.value and w.save.disabled
    assert kubia.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "2"


def test_the_widgets_cancel_changes_nothing(kubia):
    from kubecourse.jupyter import edit as edit_widget

    w = edit_widget.open_widget(kubia, "edit deploy kubia")
    w.cancel.click()
    assert (w.result.stderr, w.result.returncode) == ("Edit cancelled, no changes made.\n", 0)


def test_no_widget_when_the_command_fails_before_the_editor(kubia):
    from kubecourse.jupyter import edit as edit_widget

    assert edit_widget.open_widget(kubia, "edit deploy nosuch") is None


# --- %kubectl edit: the magic opens the widget -----------------------------------------------


@pytest.fixture
def session_kubia():
    import kubecourse

    kubecourse.reset_session()
    assert kubecourse.session().kubectl("create deployment kubia --image=luksa/kubia --replicas=3").returncode == 0
    return kubecourse.session()


def test_the_magic_returns_the_widget_whose_save_edits_the_session_cluster(ip, cell, session_kubia):
    from kubecourse.jupyter import edit as edit_widget

    w = ip.run_line_magic("kubectl", "edit deploy/kubia")
    assert isinstance(w, edit_widget.EditWidget) and cell() == []
    w.text.value = w.text.value.replace("replicas: 3", "replicas: 2")
    w.save.click()
    assert w.result.stdout == "deployment.apps/kubia edited\n"
    assert session_kubia.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "2"
    assert ip.run_line_magic("k", "edit deploy kubia -o json").text.value.startswith('{\n    "apiVersion"')


def test_the_magic_prints_kubectls_error_when_no_editor_would_open(ip, cell, session_kubia):
    assert ip.run_line_magic("kubectl", "edit deploy/nosuch") is None
    assert ip.run_line_magic("kubectl", "edit deploy/kubia --foo") is None
    assert cell() == [("stderr", 'Error from server (NotFound): deployments.apps "nosuch" not found\n'
                                 "error: unknown flag: --foo\nSee 'kubectl edit --help' for usage.\n")]


def test_a_scripted_editor_on_the_session_is_used_instead_of_the_widget(ip, cell, session_kubia):
    from kubecourse.jupyter import printed

    session_kubia.editor = replacing("replicas: 3", "replicas: 1")
    assert ip.run_line_magic("kubectl", "edit deploy/kubia") is None
    assert cell() == [("display", printed.bundle("deployment.apps/kubia edited\n"))]
    assert session_kubia.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "1"


def test_a_real_cluster_target_runs_the_real_kubectl_edit_not_the_widget(ip, cell, session_kubia, monkeypatch):
    from dataclasses import dataclass

    from kubecourse.kubectl import Result

    @dataclass
    class Recorder:
        local: bool = False
        lines: tuple = ()

        def kubectl(self, line, stdin=None):
            self.lines += (line,)
            return Result("", "error: unable to launch the editor\n", 1)

    remote = Recorder()
    monkeypatch.setattr(ip.magics_manager.registry["KubeMagics"], "target", remote)
    assert ip.run_line_magic("kubectl", "edit deploy/kubia") is None
    assert remote.lines == ("edit deploy/kubia",)
    assert cell() == [("stderr", "error: unable to launch the editor\n")]
