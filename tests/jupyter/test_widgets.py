"""The widgets' pictures for the book's scenarios, read as structure (nodes, labels, edges)
without a browser; and the widget mechanics (replay, snapshot, fallback, the cell hook)
without a kernel."""

from __future__ import annotations

import asyncio
import threading

import pytest

import kubecourse
from kubecourse.widgets import (
    RevisionGraph,
    ServiceMap,
    StatefulSetView,
    VolumeView,
    live,
    revisions,
    services,
    snapshot,
)
from kubecourse.widgets.picture import Picture

KUBIA = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: 3
  minReadySeconds: {min_ready}
  progressDeadlineSeconds: {deadline}
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: nodejs
        image: luksa/kubia:v1
        readinessProbe:
          periodSeconds: 1
          httpGet:
            path: /
            port: 8080
"""


def run(cluster: kubecourse.Cluster, line: str | list[str], stdin: str | None = None) -> str:
    r = cluster.kubectl(line, stdin=stdin)
    assert r.returncode == 0, r.stderr
    return r.stdout


def kubia(cluster: kubecourse.Cluster, min_ready: int = 10, deadline: int = 600) -> None:
    run(cluster, "apply -f -", KUBIA.format(min_ready=min_ready, deadline=deadline))
    cluster.advance(60)


def rollout(cluster: kubecourse.Cluster) -> Picture:
    return revisions.revision_picture(revisions.rollout_state(cluster.port, "default", "kubia"))


def service(cluster: kubecourse.Cluster, name: str = "kubia") -> Picture:
    return services.service_picture(services.service_state(cluster.port, "default", name))


def revision_nodes(pic: Picture) -> list[str]:
    return [n.lines[0] for n in pic.nodes if n.id.startswith("rs/")]


def children(pic: Picture, parent: str) -> list[str]:
    return [e.head for e in pic.edges if e.tail == parent]


# --- RevisionGraph -----------------------------------------------------------------------------


def test_rolling_update_with_min_ready_seconds_shows_both_revisions_and_the_surge(cluster):
    kubia(cluster)
    run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v2")
    cluster.advance(10)  # the first v2 pod is ready, but not yet for minReadySeconds
    pic = rollout(cluster)
    assert revision_nodes(pic) == ["revision 1", "revision 2 (current)"]
    assert "surge in progress: 4 pods for 3 desired (+1)" in pic.node("deploy").lines
    assert pic.rows == [[n.id for n in pic.nodes if n.id.startswith("rs/")]]
    old, new = (n for n in pic.nodes if n.id.startswith("rs/"))
    assert "image luksa/kubia:v1" in old.lines and "image luksa/kubia:v2" in new.lines
    assert new.style == "filled,bold"
    assert "desired 1 · current 1 · ready 1 · available 0" in new.lines
    assert [pic.node(p).lines[1] for p in children(pic, new.id)] == ["Running · ready"]
    assert all(e.tail == "deploy" for e in pic.edges if e.head.startswith("rs/"))
    assert {label for label, _, _ in pic.legend} >= {"ready", "terminating (dashed)", "current revision (bold)"}

    cluster.advance(120)
    pic = rollout(cluster)
    old = next(n for n in pic.nodes if n.id.startswith("rs/") and "revision 1" in n.lines)
    assert "scaled to 0, kept for rollback" in old.lines and old.style == "filled,dashed"
    assert children(pic, old.id) == []  # its pods are gone, the revision stays


def test_the_blocked_v3_rollout_exceeds_its_progress_deadline(cluster):
    kubia(cluster, deadline=20)
    run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v3")
    cluster.advance(60)
    pic = rollout(cluster)
    deploy = pic.node("deploy")
    assert "PROGRESS DEADLINE EXCEEDED: the rollout is stuck" in deploy.lines
    assert deploy.fill != "#ffffff"
    new = next(n for n in pic.nodes if "revision 2 (current)" in n.lines)
    assert [pic.node(p).lines[1] for p in children(pic, new.id)] == ["Running · not ready"]


def test_a_paused_deployment_says_so(cluster):
    kubia(cluster)
    run(cluster, "rollout pause deploy/kubia")
    assert "PAUSED: template changes wait for `rollout resume`" in rollout(cluster).node("deploy").lines


def test_rollback_to_revision_1_shows_the_numbers_it_had(cluster):
    kubia(cluster, min_ready=0)
    run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v2")
    cluster.advance(60)
    run(cluster, "rollout undo deploy/kubia --to-revision=1")
    cluster.advance(60)
    pic = rollout(cluster)
    assert revision_nodes(pic) == ["revision 2", "revision 3 (current)"]
    current = next(n for n in pic.nodes if "revision 3 (current)" in n.lines)
    assert "was revision 1 (rolled back to)" in current.lines
    assert "image luksa/kubia:v1" in current.lines


def test_large_replica_sets_collapse_their_pods_into_counts(cluster):
    kubia(cluster, min_ready=0)
    run(cluster, "scale deploy/kubia --replicas=100")
    cluster.advance(60)
    pic = rollout(cluster)
    (rs,) = [n.id for n in pic.nodes if n.id.startswith("rs/")]
    (group,) = children(pic, rs)
    assert pic.node(group).lines[:2] == ["100 pods", "100 Running · ready"]
    assert not [n for n in pic.nodes if n.id.startswith("pod/")]


def test_a_missing_deployment_is_said(cluster):
    assert rollout(cluster).nodes[0].label == 'deployment "kubia" not found in namespace default'


# --- ServiceMap ---------------------------------------------------------------------------------


def test_a_service_with_an_unready_pod_and_a_near_miss(cluster):
    kubia(cluster, min_ready=0)
    run(cluster, "expose deploy/kubia --port=80 --target-port=8080 --type=NodePort")
    first = run(cluster, "get pods -o name").split()[0]
    run(cluster, f"label {first} app=other --overwrite")
    run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v3")
    cluster.advance(3)
    state = services.service_state(cluster.port, "default", "kubia")
    pic = services.service_picture(state)
    svc = pic.node("svc")
    assert svc.lines[1] == "type NodePort" and svc.lines[4] == "selector app=kubia"
    assert svc.lines[3].startswith("port 80->8080/TCP nodePort 3")
    near = pic.node(f"pod/{first.removeprefix('pod/')}")
    assert "not selected: app=kubia (has app=other)" in near.lines
    assert [e.label for e in pic.edges if e.head == near.id] == ["near miss"]
    endpoints = pic.node("endpoints")
    assert first.removeprefix("pod/") not in endpoints.label
    assert {e.label for e in pic.edges if e.tail == "endpoints"} >= {"address"}
    assert [n.id for n in pic.nodes if n.id.startswith("slice/")]
    assert state.why_no_endpoints() == ""


def test_no_endpoints_says_why(cluster):
    run(cluster, "create service clusterip kubia --tcp=80:8080")
    assert pic_why(cluster) == "no endpoints: no pod has the labels app=kubia"
    run(cluster, "run kubia --image=luksa/kubia:v3 --labels=app=kubia")
    assert pic_why(cluster) == "no ready endpoints: 1 pod(s) match but none is ready"
    cluster.advance(60)
    assert not service(cluster).has_node("why")


def pic_why(cluster: kubecourse.Cluster) -> str:
    return service(cluster).node("why").label


def test_external_name_shows_its_cname(cluster):
    run(cluster, "apply -f -", "{kind: Service, apiVersion: v1, metadata: {name: db},"
                               " spec: {type: ExternalName, externalName: db.example.com}}")
    pic = service(cluster, "db")
    assert "CNAME -> db.example.com" in pic.node("svc").lines
    assert [e.label for e in pic.edges if e.head == "cname"] == ["CNAME"]
    assert pic.node("svc").lines[-2:] == ["DNS db.default.svc.cluster.local", "  answers CNAME db.example.com"]
    assert not pic.has_node("endpoints")


def test_a_selectorless_service_shows_its_hand_made_endpoints(cluster):
    run(cluster, "apply -f -", """\
apiVersion: v1
kind: Service
metadata: {name: external}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: external}
subsets:
- addresses: [{ip: 11.11.11.11}, {ip: 22.22.22.22}]
  ports: [{port: 80}]
""")
    pic = service(cluster, "external")
    assert "selector none (Endpoints made by hand)" in pic.node("svc").lines
    assert pic.node("endpoints").lines[1:] == ["11.11.11.11 (no pod) · ready", "22.22.22.22 (no pod) · ready"]
    assert not pic.has_node("why")


def test_a_headless_service_answers_with_pod_ips(cluster):
    kubia(cluster, min_ready=0)
    run(cluster, "create service clusterip kubia --clusterip=None --tcp=80:8080")
    cluster.advance(1)
    state = services.service_state(cluster.port, "default", "kubia")
    ips = sorted(a.ip for a in state.endpoints)
    assert len(ips) == 3
    assert "clusterIP None (headless)" in service(cluster).node("svc").lines
    assert state.dns_answers() == "A " + ", ".join(a.ip for a in state.endpoints)


# --- the widgets ---------------------------------------------------------------------------------


def test_the_widget_follows_the_cluster_and_replays_its_past(cluster):
    kubia(cluster, min_ready=0)
    graph = RevisionGraph(cluster, "deploy/kubia")
    assert graph.at is None and graph.to_svg().count('class="node"') == 6  # with the legend
    run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v2")
    cluster.advance(60)
    graph.refresh()
    assert "revision 2 (current)" in graph.to_svg()
    graph.show_at(graph.instants[0])
    assert graph.at == graph.instants[0] and "revision 2" not in graph.to_svg()
    graph.show_at(None)
    assert "revision 2 (current)" in graph.to_svg()


def test_snapshot_stays_as_it_was_and_the_fallback_is_an_img(cluster):
    kubia(cluster, min_ready=0)
    run(cluster, "expose deploy/kubia --port=80 --target-port=8080")
    svc_map = ServiceMap(cluster, "svc/kubia")
    frozen = svc_map.snapshot()
    run(cluster, "delete svc kubia")
    svc_map.refresh()
    assert "not found" in svc_map.to_dot() and "not found" not in frozen.to_dot()
    assert frozen._repr_html_().startswith('<img class="kc-snapshot"')
    assert svc_map._repr_html_().startswith('<img class="kc-static"')
    early = svc_map.snapshot(at=0)
    assert "not found" in early.to_dot()


def test_a_wrong_reference_is_refused(cluster):
    with pytest.raises(ValueError, match='expected "deploy/NAME"'):
        RevisionGraph(cluster, "svc/kubia")


def test_shown_widgets_redraw_after_each_cell(ip, cluster):
    kubia(cluster, min_ready=0)
    graph = RevisionGraph(cluster, "deploy/kubia")
    ip.display_formatter.format(graph)  # shown: hooks post_run_cell
    run(cluster, "scale deploy/kubia --replicas=1")
    cluster.advance(60)
    ip.run_cell("pass")
    assert graph.to_svg().count('class="node"') == 4  # with the legend
    graph.close()
    assert graph._unhook is None


def test_snapshot_draws_the_kind_of_the_reference_at_a_time(cluster):
    kubia(cluster, min_ready=0)
    assert "revision 1 (current)" in snapshot(cluster, "deploy/kubia").to_dot()
    assert "not found" in snapshot(cluster, "deployment/kubia", at=-1).to_dot()  # before the cluster started
    assert "service/kubernetes" in snapshot(cluster, "svc/kubernetes").to_dot()
    with pytest.raises(ValueError, match='no picture for "pod/x"'):
        snapshot(cluster, "pod/x")


def test_statefulset_view_says_statefulsets_do_not_exist_yet(cluster):
    assert "does not simulate StatefulSets yet" in StatefulSetView(cluster, "sts/web").value


CONSUMER = """\
apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  containers:
  - name: app
    image: luksa/kubia:v1
    env:
    - name: GREETING
      valueFrom: {configMapKeyRef: {name: settings, key: greeting}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: password}}
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: config, mountPath: /etc/app.conf, subPath: app.conf}
  volumes:
  - name: config
    configMap: {name: settings}
"""


def test_volume_view_shows_who_reads_what_and_which_copies_are_old(cluster):
    run(cluster, "create configmap settings --from-literal=greeting=hello --from-literal=app.conf=a=1")
    run(cluster, "create secret generic creds --from-literal=password=s3cret")
    run(cluster, "apply -f -", CONSUMER)
    cluster.advance(30)
    view = VolumeView(cluster, "cm/settings")
    pic = view.picture()
    assert pic.node("object").lines[2:] == ["app.conf = a=1", "greeting = hello"]
    uses = {e.label.split("\n")[0]: e for e in pic.edges if e.head == "pod/reader"}
    assert set(uses) == {"app: volume config at /etc/config", "app: subPath file /etc/app.conf (app.conf)",
                         "app: env GREETING (key greeting)"}
    assert uses["app: volume config at /etc/config"].label.endswith("follows changes at the kubelet's next sync")
    assert all(e.style == "solid" for e in uses.values())

    cluster.advance(30)
    run(cluster, ["patch", "configmap", "settings", "-p", '{"data": {"greeting": "hi"}}'])
    view.refresh()
    stale = [e for e in view.picture().edges if e.style == "dashed"]
    assert sorted(e.label.split("\n")[0] for e in stale) == ["app: env GREETING (key greeting)",
                                                            "app: subPath file /etc/app.conf (app.conf)"]
    assert all("OLD COPY since 00:00:" in e.label for e in stale)

    secret = VolumeView(cluster, "secret/creds").picture().node("object")
    assert "password = (6 bytes, hidden)" in secret.lines and "s3cret" not in secret.label
    assert "password = s3cret" in VolumeView(cluster, "secret/creds", reveal=True).picture().node("object").lines


def test_between_cells_the_event_loop_redraws_what_changed(ip, cluster, monkeypatch):
    monkeypatch.setattr(live, "POLL_SECONDS", 0.01)
    kubia(cluster, min_ready=0)
    graph = RevisionGraph(cluster, "deploy/kubia")

    async def shown_then_the_cluster_moves() -> None:  # as the wall clock moves it, between cells
        ip.display_formatter.format(graph)
        run(cluster, "scale deploy/kubia --replicas=1")
        cluster.advance(60)
        await asyncio.sleep(0.1)

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    runner = threading.Thread(target=asyncio.run, args=(shown_then_the_cluster_moves(),))
    runner.start()
    runner.join()
    assert graph.to_svg().count('class="node"') == 4  # with the legend
    graph.close()


def test_the_fallback_of_a_shown_widget_follows_its_latest_picture(ip, cell, cluster):
    kubia(cluster, min_ready=0)
    graph = RevisionGraph(cluster, "deploy/kubia")
    ip.display_formatter.format(graph)
    run(cluster, "scale deploy/kubia --replicas=1")
    cluster.advance(60)
    ip.run_cell("pass")
    (_, shown), (_, updated) = cell()
    view = "application/vnd.jupyter.widget-view+json"
    assert shown[view] == updated[view] and shown["text/plain"] == "RevisionGraph(deployment/kubia, namespace=default)"
    assert updated["text/html"] == graph._repr_html_() != shown["text/html"]
    graph.close()


@pytest.mark.slow  # the HTTP port pulls each kind's changes through a watch the server closes after 1 s
def test_a_widget_draws_a_real_cluster_through_its_port_and_replays_what_it_saw(cluster):
    from kubecourse.remote import HTTPPort

    kubia(cluster, min_ready=0)
    served = cluster.serve()
    try:
        graph = RevisionGraph(HTTPPort(served.kubeconfig), "deploy/kubia")
        assert "revision 1 (current)" in graph.to_svg()
        run(cluster, "set image deploy/kubia nodejs=luksa/kubia:v2")
        cluster.advance(60)
        graph.refresh()
        assert "revision 2 (current)" in graph.to_svg() and len(graph.instants) > 1
        graph.show_at(graph.instants[0])  # what the port saw when the widget was made
        assert "revision 1 (current)" in graph.to_svg() and "revision 2" not in graph.to_svg()
    finally:
        served.stop()
