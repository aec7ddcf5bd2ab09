"""-o jsonpath / go-template / custom-columns and --sort-by.

Expected texts are what kubectl 1.32 printed for the same objects: client-side with
`kubectl create deployment x --image=nginx --image=busybox --replicas=2 --port=80
--dry-run=client -o ...`, and against the served cluster for `get`."""

from __future__ import annotations

import pytest

from kubecourse.kubectl import gotemplate, jsonpath, templates

CREATE = ["create", "deployment", "x", "--image=nginx", "--image=busybox", "--replicas=2", "--port=80",
          "--dry-run=client"]


@pytest.mark.parametrize(("template", "expected"), [
    ("{.spec.template.spec.containers[0].image}", "nginx"),
    ("{.spec.template.spec.containers[*].image}", "nginx busybox"),
    ("{..image}", "nginx busybox"),
    ("{.metadata.labels}", '{"app":"x"}'),
    ("{.spec.replicas}", "2"),
    ('{range .spec.template.spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}', "nginx\tnginx\nbusybox\tbusybox\n"),
    ('{.spec.template.spec.containers[?(@.name=="busybox")].image}', "busybox"),
    ('{.spec.template.spec.containers[?(@.name!="nginx")].name}', "busybox"),
    ("{.spec.template.spec.containers[?(@.ports)].name}", "nginx"),
    ("{.metadata.creationTimestamp}", "null"),
    ("{.spec.template.spec.containers[-1:].name}", "busybox"),
    ("{.spec.template.spec.containers[0:2:2].name}", "nginx"),
    ("{.metadata.foo}", ""),
    ("name={.metadata.name}", "name=x"),
    ("{.metadata.labels.app}{.kind}", "xDeployment"),
    ("{.spec.template.spec.containers[*]['name','image']}", "nginx busybox nginx busybox"),
    ("{.spec.strategy}", "{}"),
    ("{.spec.template.spec.containers[0].ports[0].containerPort}", "80"),
    ("{range .spec.template.spec.containers[*]}[{.name}]{end}", "[nginx][busybox]"),
])
def test_jsonpath_client_side(cluster, template, expected):
    result = cluster.kubectl([*CREATE, f"-o=jsonpath={template}"])
    assert (result.stdout, result.stderr, result.returncode) == (expected, "", 0)


@pytest.mark.parametrize(("template", "stderr"), [
    ("{.spec.selector.matchLabels.app", "error: error parsing jsonpath {.spec.selector.matchLabels.app, unclosed action\n"),
    ("{.spec.template.spec.containers[}", "error: error parsing jsonpath {.spec.template.spec.containers[}, "
                                          "unterminated array\n"),
    ("{#}", "error: error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'\n"),
    ("", "error: template format specified but no template given\n"),
])
def test_jsonpath_parse_errors(cluster, template, stderr):
    result = cluster.kubectl([*CREATE, f"-o=jsonpath={template}"])
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)


def test_jsonpath_execution_error_dumps_the_object(cluster):
    result = cluster.kubectl(["create", "deployment", "x", "--image=nginx", "--dry-run=client",
                              "-o=jsonpath={.spec.template.spec.containers[5].name}"])
    assert result.returncode == 1
    assert result.stderr == (
        'error: error executing jsonpath "{.spec.template.spec.containers[5].name}": Error executing template: '
        "array index out of bounds: index 5, length 1. Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.spec.template.spec.containers[5].name}\n"
        "\tobject given to jsonpath engine was:\n"
        '\t\tmap[string]interface {}{"apiVersion":"apps/v1", "kind":"Deployment", "metadata":map[string]interface '
        '{}{"creationTimestamp":interface {}(nil), "labels":map[string]interface {}{"app":"x"}, "name":"x"}, '
        '"spec":map[string]interface {}{"replicas":1, "selector":map[string]interface {}{"matchLabels":'
        'map[string]interface {}{"app":"x"}}, "strategy":map[string]interface {}{}, "template":map[string]interface '
        '{}{"metadata":map[string]interface {}{"creationTimestamp":interface {}(nil), "labels":map[string]interface '
        '{}{"app":"x"}}, "spec":map[string]interface {}{"containers":[]interface {}{map[string]interface {}'
        '{"image":"nginx", "name":"nginx", "resources":map[string]interface {}{}}}}}}, "status":map[string]'
        "interface {}{}}\n\n\n")


@pytest.mark.parametrize(("template", "expected"), [
    ("{{.metadata.name}}", "x"),
    ('{{range .spec.template.spec.containers}}{{.name}}:{{.image}}{{"\\n"}}{{end}}', "nginx:nginx\nbusybox:busybox\n"),
    ('{{index .metadata.labels "app"}}', "x"),
    ("{{.metadata.foo}}", "<no value>"),
    ("{{.metadata.creationTimestamp}}", "<no value>"),
    ("{{.spec.replicas}} {{len .spec.template.spec.containers}}", "2 2"),
    ('{{ .metadata.name | printf "%q" }}', '"x"'),
    ("{{range $i, $c := .spec.template.spec.containers}}{{$i}}={{$c.name}} {{end}}", "0=nginx 1=busybox "),
    ("{{- range .spec.template.spec.containers }} {{ .name -}} {{ end }}", " nginx busybox"),
    ("{{.metadata.labels}} {{.spec.template.spec.containers}}",
     "map[app:x] [map[image:nginx name:nginx ports:[map[containerPort:80]] resources:map[]] "
     "map[image:busybox name:busybox resources:map[]]]"),
    ('{{index .spec.template.spec.containers 1 "name"}}', "busybox"),
    ("{{with .metadata.labels}}{{.app}}{{end}}", "x"),
    ("{{.spec.selector.matchLabels.app | len}}", "1"),
    ("{{if .metadata.labels}}yes{{end}}", "yes"),
    ("{{if eq .spec.replicas 3}}three{{else if eq .spec.replicas 2}}two{{else}}other{{end}}", "two"),
    ('{{printf "%s-%d" .metadata.name .spec.replicas}} {{not true}} {{and 1 0}} {{or "" "b"}} {{ne 1 2}} '
     '{{eq .kind "Deployment" "Pod"}} {{html "<a>"}} {{print 1 2 "a" "b" 3}} {{println "x"}}',
     "x-2 false 0 b true true &lt;a&gt; 1 2ab3 x\n"),
])
def test_go_template_client_side(cluster, template, expected):
    result = cluster.kubectl([*CREATE, f"-o=go-template={template}"])
    assert (result.stdout, result.stderr, result.returncode) == (expected, "", 0)


def test_go_template_errors(cluster):
    result = cluster.kubectl([*CREATE, "-o=go-template={{.metadata.name"])
    assert result.stderr == "error: error parsing template {{.metadata.name, template: output:1: unclosed action\n"
    result = cluster.kubectl([*CREATE, "-o=go-template={{if eq .spec.replicas 2.0}}two{{end}}"])
    assert result.returncode == 1
    assert result.stderr == (
        'error: error executing template "{{if eq .spec.replicas 2.0}}two{{end}}": template: output:1:5: executing '
        '"output" at <eq .spec.replicas 2.0>: error calling eq: incompatible types for comparison\n')
    # the printer writes what helps debugging to its writer, stdout, ending with a blank line
    assert result.stdout.startswith("Error executing template: template: output:1:5: ")
    assert result.stdout.endswith("\n\n")


def test_kubectl_template_functions(cluster):
    line = [*CREATE, '-o=go-template={{"aGlo\\naGk=" | base64decode}} {{exists .metadata "name"}} '
                     '{{exists .spec.template.spec.containers 5}}']
    assert cluster.kubectl(line).stdout == "hihhi true false"
    result = cluster.kubectl([*CREATE, "-o=go-template={{base64encode .kind}}"])
    assert result.stderr == ('error: error parsing template {{base64encode .kind}}, template: output:1: '
                             'function "base64encode" not defined\n')


@pytest.fixture
def workloads(cluster):
    for line in ("create deployment kubia --image=luksa/kubia --replicas=3 --port=8080",
                 "create deployment web --image=nginx --image=busybox",
                 "expose deployment kubia --port=80 --target-port=8080", "label deployment web tier=front"):
        assert cluster.kubectl(line).returncode == 0
    cluster.advance(60)
    return cluster


def test_get_jsonpath_over_a_list(workloads):
    names = [p.metadata.name for p in workloads.api.list("Pod", "default")]
    assert workloads.kubectl("get pods -o jsonpath={.items[*].metadata.name}").stdout == " ".join(names)
    ranged = workloads.kubectl(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}'
                                '{.status.phase}{"\\n"}{end}']).stdout
    assert ranged == "".join(f"{n}\tRunning\n" for n in names)
    assert workloads.kubectl("get deploy -o jsonpath={..image}").stdout == "luksa/kubia nginx busybox"
    assert workloads.kubectl("get deploy kubia -o jsonpath={.spec.template.spec.containers[0].image}").stdout == \
        "luksa/kubia"
    assert workloads.kubectl("get deploy -o jsonpath-as-json={.items[*].metadata.name}").stdout == \
        '[\n    "kubia",\n    "web"\n]\n'


def test_custom_columns(workloads):
    result = workloads.kubectl("get deploy -o custom-columns=NAME:.metadata.name,"
                               "IMAGES:.spec.template.spec.containers[*].image,LABELS:.metadata.labels")
    assert result.stdout == ("NAME    IMAGES          LABELS\n"
                             "kubia   luksa/kubia     map[app:kubia]\n"
                             "web     nginx,busybox   map[app:web tier:front]\n")
    assert workloads.kubectl("get deploy -o custom-columns=NAME:.metadata.name,X:.spec.foo --no-headers").stdout == \
        "kubia   <none>\nweb     <none>\n"
    assert workloads.kubectl("get svc -o custom-columns=NAME:.metadata.name,PORT:.spec.ports[0].port,"
                             "SEL:.spec.selector").stdout == ("NAME         PORT   SEL\n"
                                                             "kubernetes   443    <none>\n"
                                                             "kubia        80     map[app:kubia]\n")


def test_custom_columns_file(workloads, tmp_path):
    spec = tmp_path / "cols.txt"
    spec.write_text("NAME          REPLICAS\n.metadata.name   .spec.replicas\n")
    assert workloads.kubectl(f"get deploy -o custom-columns-file={spec}").stdout == \
        "NAME    REPLICAS\nkubia   3\nweb     1\n"
    assert workloads.kubectl("get deploy -o custom-columns-file=/nonexistent").stderr == \
        "error: error reading template /nonexistent, open /nonexistent: no such file or directory\n"


@pytest.mark.parametrize(("line", "stderr"), [
    ("get deploy -o custom-columns=NAME", "error: unexpected custom-columns spec: NAME, expected "
                                          "<header>:<json-path-expr>\n"),
    ("get deploy -o custom-columns=", "error: custom-columns format specified but no custom columns given\n"),
    ("get deploy -o jsonpath-file=/nonexistent", "error: error reading --template /nonexistent, open /nonexistent: "
                                                 "no such file or directory\n"),
])
def test_format_errors(workloads, line, stderr):
    result = workloads.kubectl(line)
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)


def test_sort_by(workloads):
    assert workloads.kubectl("get deploy --sort-by=.spec.replicas -o name").stdout == \
        "deployment.apps/web\ndeployment.apps/kubia\n"
    by_node = workloads.kubectl("get pods --sort-by=.spec.nodeName -o custom-columns=NODE:.spec.nodeName").stdout
    assert by_node.splitlines()[1:] == sorted(by_node.splitlines()[1:])
    missing = workloads.kubectl("get deploy --sort-by=.spec.foo")
    assert (missing.stdout, missing.stderr) == ("", "No resources found in default namespace.\n")
    assert workloads.kubectl("get deploy --sort-by=.spec.foo -o name").stderr == \
        'error: couldn\'t find any field with path "{.spec.foo}" in the list of objects\n'


def test_sort_order_of_strings():
    def ordered(*values: str) -> list[str]:
        objs = [{"v": v} for v in values]
        return [objs[i]["v"] for i in templates.sort_objects(".v", objs)]

    assert ordered("cm-9", "cm-10", "cm-1", "abc") == ["abc", "cm-1", "cm-10", "cm-9"]  # byte by byte
    assert ordered("10", "9", "1Ki", "500m") == ["500m", "9", "10", "1Ki"]  # quantities by value


def test_engines_directly():
    data = {"items": [{"a": 1}, {"a": 2.5}, {"b": True}]}
    assert jsonpath.execute("{.items[*].a}", data) == "1 2.5"
    assert jsonpath.execute("{.items[?(@.a>1)].a}", data) == "2.5"
    out: list[str] = []
    gotemplate.execute("{{range .items}}{{.a}},{{end}}", data, out)
    assert "".join(out) == "1,2.5,<no value>,"
