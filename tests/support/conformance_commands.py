"""The command lines the conformance judge runs through `%kubectl` and through real kubectl.

READS run against one cluster holding SCENARIO; WRITES run on two identical clusters, one
driven by our kubectl and one by real kubectl through the served API, and the judge compares
the outputs and then every object. XFAIL names the cases whose difference is known, with
the difference: those are bugs in the emulation to fix, never in the comparison.
"""

from __future__ import annotations

SCENARIO = [
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
     "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web", "tier": "front"}},
                           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                                    "ports": [{"containerPort": 80}]}]}}}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
     "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80}]}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo", "labels": {"run": "solo"}},
     "spec": {"containers": [{"name": "main", "image": "nginx:1.27"}]}},
    {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "legacy"},
     "spec": {"replicas": 1, "selector": {"app": "legacy"},
              "template": {"metadata": {"labels": {"app": "legacy"}},
                           "spec": {"containers": [{"name": "legacy", "image": "luksa/kubia:v1"}]}}}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
     "data": {"greeting": "hello\nworld\n"}},  # one key: real describe prints keys in Go's random map order
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "app-secret"}, "type": "Opaque",
     "data": {"password": "aHVudGVyMg=="}},
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team", "labels": {"owner": "ops"}}},
    # the resource quota controller fills status.hard and status.used at once
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": "team"},
     "spec": {"hard": {"pods": "10", "requests.cpu": "2", "limits.memory": "4Gi"}, "scopes": ["NotTerminating"]}},
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "objects", "namespace": "team"},
     "spec": {"hard": {"configmaps": "5", "services": "2"}}},
    # one resource per item: real describe takes an item's resources from a Go map, in random order
    {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "team-limits", "namespace": "team"},
     "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "250m"},
                          "max": {"cpu": "1"}, "min": {"cpu": "100m"}},
                         {"type": "Pod", "max": {"memory": "1Gi"}}]}},
    {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "leader", "namespace": "default"},
     "spec": {"holderIdentity": "web-1", "leaseDurationSeconds": 15, "acquireTime": "2025-01-01T00:00:00.000000Z",
              "renewTime": "2025-01-01T00:00:30.500000Z", "leaseTransitions": 2}},
    # two containers, one crashing every few seconds: logs -c, --previous, exec exit codes
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
     "spec": {"containers": [
         {"name": "main", "image": "busybox", "command": ["sh", "-c", "echo starting; echo oops >&2; sleep 5; exit 2"]},
         {"name": "side", "image": "busybox",
          "command": ["sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 1; done; sleep 3600"]}]}},
    # storage: a static hostPath volume, a claim waiting for its first consumer, and a claim
    # provisioned by local-path for the pod that uses it
    {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "static"},
     "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
              "storageClassName": "manual", "hostPath": {"path": "/data/static"}}},
    {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "waiting"},
     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "100Mi"}}}},
    {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "labels": {"app": "store"}},
     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Mi"}}}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "store"},
     "spec": {"containers": [{"name": "main", "image": "busybox", "command": ["sleep", "3600"],
                              "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
              "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]}},
    # the book's kubia-pet StatefulSet behind its headless Service
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubia"},
     "spec": {"clusterIP": "None", "selector": {"app": "kubia"}, "ports": [{"name": "http", "port": 80}]}},
    {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "kubia"},
     "spec": {"serviceName": "kubia", "replicas": 2, "selector": {"matchLabels": {"app": "kubia"}},
              "template": {"metadata": {"labels": {"app": "kubia"}},
                           "spec": {"containers": [{"name": "kubia", "image": "luksa/kubia-pet",
                                                    "ports": [{"name": "http", "containerPort": 8080}],
                                                    "volumeMounts": [{"name": "data", "mountPath": "/var/data"}]}]}},
              "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                        "spec": {"resources": {"requests": {"storage": "1Mi"}},
                                                 "accessModes": ["ReadWriteOnce"]}}]}},
]
SCENARIO_SECONDS = 60  # virtual time after the scenario: pods run, events have ages

READS = [
    # get, every output format
    "get pods",
    "get pods -o wide",
    "get pods --show-labels",
    "get pods -L app -L tier",
    "get pods -l app=web",
    "get pods -l 'app in (web,legacy)'",
    "get pods -l app!=web",
    "get pods --field-selector=status.phase=Running",
    "get pods -A",
    "get pods -n kube-system",
    "get pods --no-headers",
    "get pod solo",
    "get pod solo -o yaml",
    "get pod solo -o json",
    "get pods -o name",
    "get po,deploy",
    "get deploy,rs,svc -o wide",
    "get all",
    "get all -A",
    "get deploy",
    "get deploy web -o yaml",
    "get deploy web -o json",
    "get deploy -o name",
    "get deploy web -o jsonpath={.spec.replicas}",
    "get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image",
    "get rs",
    "get rc -o wide",
    "get svc",
    "get svc web -o yaml",
    "get endpoints",
    "get endpointslices",
    "get cm",
    "get cm app-config -o yaml",
    "get secrets",
    "get secret app-secret -o json",
    "get sa",
    "get ns",
    "get ns --show-labels",
    "get nodes",
    "get nodes -o wide",
    "get events",
    "get pods,svc -n team",
    "get pods -o wide --sort-by=.metadata.name",
    "get pods --sort-by=.metadata.labels.run -o name",
    "get pods --sort-by=.spec.containers[0].image -o custom-columns=N:.metadata.name,I:.spec.containers[0].image",
    "get deploy web --show-kind",
    "api-resources",
    "version",
    "version -o json",
    "version -o yaml",
    "version --client -o json",
    "version -o wide",
    "rollout status deploy/web",
    "rollout history deploy/web",
    "rollout history deploy/web --revision=1",
    "rollout history deploy",
    "rollout history pod/solo",
    "rollout status pod/solo",
    "set env deploy/web --list",
    # describe, every kind that exists
    "describe pod solo",
    "describe pods -l app=web",
    "describe deploy web",
    "describe rs",
    "describe rc legacy",
    "describe svc web",
    "describe endpoints web",
    "describe endpointslices",
    "describe cm app-config",
    "describe secret app-secret",
    "describe sa default",
    "describe node kind-worker",
    "describe ns team",
    "describe ns default",
    "describe node kind-control-plane",
    # leases, quotas and limit ranges
    "get leases -n kube-node-lease",
    "get leases -A",
    "get lease leader -o yaml",
    "get lease kind-worker -n kube-node-lease -o json",
    "describe lease leader",
    "describe lease kind-worker -n kube-node-lease",
    "get quota -n team",
    "get resourcequotas -A -o wide",
    "get quota team-quota -n team -o yaml",
    "describe quota -n team",
    "describe resourcequota objects -n team",
    "get limits -n team",
    "get limitranges team-limits -n team -o yaml",
    "describe limitrange team-limits -n team",
    "get quota,limits -n team",
    # storage
    "get sc",
    "get storageclass standard -o yaml",
    "describe sc standard",
    "get pv",
    "get pv -o wide",
    "describe pv static",
    "describe pv",
    "get pvc",
    "get pvc -o wide --show-labels",
    "get pvc data -o yaml",
    "describe pvc waiting",
    "describe pvc data",
    "get pv,pvc,sc",
    "get pvc -A",
    "describe pod store",
    "exec store -- df /data",
    "explain pvc.spec",
    "explain sc",
    "get pvc nope",
    # statefulsets
    "get sts",
    "get statefulsets -o wide",
    "get sts kubia -o yaml",
    "describe sts kubia",
    "get controllerrevisions",
    "get pods -l app=kubia --show-labels",
    "get pvc -l app=kubia",
    "rollout status sts/kubia",
    "rollout history sts/kubia",
    "rollout history statefulset kubia --revision=1",
    "rollout history sts/kubia --revision=7",
    "describe pod kubia-0",
    "explain sts.spec.updateStrategy",
    "exec solo -- curl -s kubia-0.kubia:8080",
    "get --raw /api/v1/namespaces/default/pods/kubia-1/proxy/",
    # daemonsets: kind's own, owning their pods
    "get ds -A",
    "get daemonsets -n kube-system -o wide",
    "get ds kindnet -n kube-system -o yaml",
    "describe ds kube-proxy -n kube-system",
    "describe daemonset -n kube-system",
    "get controllerrevisions -A",
    "rollout status ds/kube-proxy -n kube-system",
    "rollout history ds/kindnet -n kube-system",
    "rollout history daemonset kindnet -n kube-system --revision=1",
    "get pods -n kube-system -l k8s-app=kube-proxy -o wide",
    "explain ds.spec.updateStrategy.rollingUpdate",
    # explain, from the served OpenAPI
    "explain deploy.spec.strategy",
    "explain pods --recursive",
    "explain lease.spec",
    # logs (the served pods/log), exec (the WebSocket channel protocol), get --raw (proxy)
    "logs solo",
    "logs solo --tail=3",
    "logs solo --tail=2 --timestamps",
    "logs pod/solo --since=1h",
    "logs crash",
    "logs crash -c side",
    "logs crash side --tail=1",
    "logs crash -c main --previous",
    "logs crash -c nope",
    "logs crash -c side -p",
    "logs nope",
    "exec solo -- cat /etc/hostname",
    "exec solo -- sh -c 'echo out; echo err >&2; exit 3'",
    "exec solo -- ls /nope",
    "exec solo -c nope -- ls",
    "exec crash -c side -- sh -c 'printenv HOSTNAME; false'",
    "exec solo -- curl -s http://web",
    "exec nope -- ls",
    "exec deploy/web -- cat /etc/hostname",
    "exec svc/web -- cat /etc/hostname",
    "exec deploy/nope -- ls",
    "get --raw /api/v1/namespaces/default/pods/solo/proxy/",
    "get --raw /api/v1/namespaces/default/pods/solo/proxy/nope.html",
    "get --raw /api/v1/namespaces/default/services/web/proxy/",
    "get --raw /api/v1/namespaces/default/services/web:8080/proxy/",
    "get --raw /api/v1/namespaces/default/pods/nope/proxy/",
    "get --raw /api/v1/namespaces/default/configmaps/app-config",
    "get --raw /apis/apps/v1",
    "get --raw /api/v1/namespaces/default/pods/crash/log?container=side&tailLines=2",
    "get --raw /foo",
    "get pods --raw /api",
    # kubectl's template functions (exists, base64decode), --template, jsonpath's true and false
    "get secret app-secret -o go-template={{.data.password|base64decode}}",
    "get secret app-secret -o go-template='{{index .data \"password\" | base64decode}}{{\"\\n\"}}'",
    "get secret app-secret --template={{.data.password}}",
    "get secret app-secret -o go-template --template={{.metadata.name}}",
    "get secret app-secret -o go-template={{.kind}} --template={{.metadata.name}}",
    "get cm app-config -o go-template='{{exists . \"data\" \"greeting\"}} {{exists . \"data\" \"nope\"}} "
    "{{exists .metadata \"labels\"}} {{exists .metadata.name 0}} {{exists .metadata.name 99}}'",
    "get secret app-secret -o go-template='{{base64decode .metadata.name}}'",
    "get secret app-secret -o go-template='{{base64decode \"aGk=\\nZm9v\"}}'",
    "get secret app-secret -o go-template='{{base64decode \"aGk\"}}'",
    "get secret app-secret -o go-template='{{base64encode .metadata.name}}'",
    "get secret app-secret -o go-template='{{base64decode .data}}'",
    "get pods -o jsonpath='{.items[?(@.status.containerStatuses[0].ready==false)].metadata.name}'",
    "get pods -o jsonpath='{.items[?(@.status.containerStatuses[0].ready==true)].metadata.name}'",
    "get pods -o jsonpath --template='{.items[*].metadata.name}'",
    "get deploy web -o jsonpath='{true} {false}'",
    # errors
    "get nope",
    "get pod nope",
    "get pods nope solo",
    "describe pod nope",
    "get pods --foo",
    "get pods -o foo",
    "get pods -n nosuchns",
    "get pods -l 'app in (web'",
    "get pods --request-timeout=99999999999999999999999",
    "get pods -w --request-timeout=9999999999h",
    "get -f " + "a" * 300,
    "exec solo -- sleep abc",
    "exec -i solo -- cat",
    # create secret: help, and the generators' own refusals (before any request)
    "create secret",
    "create secret foo",
    "create secret -h",
    "create secret docker-registry -h",
    "create secret tls --help",
    "create secret generic -h",
    "create secret docker-registry",
    "create secret docker-registry regcred",
    "create secret docker-registry regcred --docker-username=u --docker-server=",
    "create secret docker-registry regcred --from-file=tests/data/secrets",
    "create secret docker-registry regcred --from-file=nope",
    "create secret docker-registry regcred --from-file=a/b=tests/data/secrets/config.json",
    "create secret tls web-tls",
    "create secret tls --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/tls.key",
    "create secret tls web-tls --cert=tests/data/secrets/tls.cert",
    "create secret tls web-tls --cert=nope --key=tests/data/secrets/tls.key",
    "create secret tls web-tls --cert=tests/data/secrets --key=tests/data/secrets/tls.key",
    "create secret tls web-tls --cert=tests/data/secrets/tls.key --key=tests/data/secrets/tls.cert",
    "create secret tls web-tls --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/tls.cert",
    "create secret tls web-tls --cert=tests/data/secrets/config.json --key=tests/data/secrets/tls.key",
    "create secret tls web-tls --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/config.json",
    "create secret tls web-tls --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/other.key",
    "create secret tls web-tls --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/ec.key",
]

NEW_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: luksa/kubia:v1
        ports:
        - containerPort: 8080
"""
CHANGED_WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers:
      - name: nginx
        image: nginx:1.28
        ports:
        - containerPort: 80
"""
BAD_NAME = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
data: {a: b}
"""

QUOTA = """\
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
"""
LIMIT_RANGE = """\
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
  - type: Container
    defaultRequest:
      memory: 128Mi
"""

LEARNER_DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd-monitor
spec:
  selector:
    matchLabels: {app: ssd-monitor}
  template:
    metadata:
      labels: {app: ssd-monitor}
    spec:
      nodeSelector: {disk: ssd}
      containers:
      - name: main
        image: nginx:1.27
"""
MANUAL_CLAIM = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: manual
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 500Mi
"""
BAD_CLAIM = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: bad
spec:
  resources: {}
"""

# Documents the client refuses before any request, or the server refuses, each a learner's slip
# or a stranger's attack (issue 10): kubectl's own texts for each.
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
LAUGH = "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
BROKEN = {
    "metadata true": "apiVersion: v1\nkind: ConfigMap\nmetadata: true\n",
    "kind not a string": "apiVersion: v1\nkind: 5\nmetadata: {name: x}\n",
    "apiVersion and kind not strings": "apiVersion: [v1]\nkind: {a: b}\nmetadata: {name: x}\n",
    "neither apiVersion nor kind": "metadata: {name: x}\n",
    "name not a string": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 5}\n",
    "labels a list": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: [a]}\n",
    "binary values": CM + "data: {a: !!binary aGVsbG8=, b: !!binary /w==}\n",
    "500 levels deep": CM + "data: {a: " + "[" * 500 + "]" * 500 + "}\n",
    "10001 levels deep": CM + "data: {a: " + "[" * 10001 + "]" * 10001 + "}\n",
    "billion laughs": CM + "data:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGH,
    "anchor inside itself": CM + "data:\n  a: &a [x, *a]\n",
    "pod solo renames its container": "apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\n"
                                      "spec:\n  containers:\n  - {name: c, image: nginx:1.27}\n",
    "pod solo changes its command": "apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\n"
                                    "spec:\n  containers:\n  - {name: main, image: nginx:1.27, command: [sh]}\n",
    "deployment web with 2147483648 replicas": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                                               "spec:\n  replicas: 2147483648\n",
    "pod solo changes its image": "apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\n"
                                  "spec:\n  containers:\n  - {name: main, image: nginx:1.28}\n",
}


def with_strategy(strategy: str) -> str:
    """NEW_DEPLOYMENT with a `strategy:` block (the API server's ValidateDeploymentStrategy)."""
    return NEW_DEPLOYMENT.replace("spec:\n  replicas: 1\n", "spec:\n  replicas: 1\n  strategy:\n" + strategy, 1)


STRATEGIES = {
    "surge and unavailable both 0": "    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n",
    "surge 0%, unavailable 0": "    rollingUpdate: {maxSurge: '0%', maxUnavailable: 0}\n",
    "unavailable 110%": "    rollingUpdate: {maxUnavailable: '110%'}\n",
    "surge not a percent": "    rollingUpdate: {maxSurge: 'half', maxUnavailable: -1}\n",
    "recreate with rollingUpdate": "    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n",
    "unknown strategy type": "    type: BlueGreen\n",
}

SECRET = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {user: root}\ndata: {pw: eA==, new: eQ==}\n"

STDIN = {"new deployment api": NEW_DEPLOYMENT, "secret creds": SECRET, "changed deployment web": CHANGED_WEB,
         "configmap Bad_Name": BAD_NAME, "resourcequota compute": QUOTA, "limitrange defaults": LIMIT_RANGE,
         "claim manual": MANUAL_CLAIM, "claim without modes": BAD_CLAIM,
         "daemonset ssd-monitor": LEARNER_DAEMONSET, **BROKEN,
         **{f"deployment api, {name}": with_strategy(text) for name, text in STRATEGIES.items()}}

# (command line, name of its stdin in STDIN or None)
WRITES: list[tuple[str, str | None]] = [
    ("create deployment hello --image=nginx:1.25 --replicas=2 --port=80", None),
    ("create namespace staging", None),
    ("create configmap settings --from-literal=color=blue --from-literal=size=3", None),
    ("create secret generic creds --from-literal=user=admin", None),
    ("create service clusterip backend --tcp=80:8080", None),
    ("create deployment web --image=nginx", None),
    ("apply -f -", "new deployment api"),
    ("apply -f -", "changed deployment web"),
    ("create -f -", "new deployment api"),
    ("create -f -", "configmap Bad_Name"),
    ("apply -f - -n team", "new deployment api"),
    ("apply -f - -n nosuchns", "new deployment api"),
    ("delete deploy web", None),
    ("delete svc web cm/app-config", None),
    ("delete pod nope", None),
    ("delete pod solo --wait=false", None),
    ("scale deploy web --replicas=3", None),
    ("scale rc legacy --replicas=0", None),
    ("scale deploy nope --replicas=1", None),
    ("label deploy web tier=front", None),
    ("label pod solo run-", None),
    ("label deploy web app=other", None),
    ("label deploy web app=other --overwrite", None),
    ("label deploy web tier=front --field-manager=ops", None),
    ("annotate deploy web note=hello", None),
    ("annotate svc web note-", None),
    ("expose deploy web --name=web2 --port=8080 --target-port=80", None),
    ("expose pod solo --port=80", None),
    ("run tmp --image=busybox --restart=Never", None),
    ("run tmp --image=busybox --restart=Never --labels=a=b,c=d", None),
    ("run solo --image=busybox", None),
    ("patch deploy web -p '{\"spec\":{\"replicas\":4}}'", None),
    ("patch deploy web --type=merge -p '{\"metadata\":{\"labels\":{\"tier\":\"x\"}}}'", None),
    ("patch deploy web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]'", None),
    ("patch deploy web -p '{\"spec\":{\"replicas\":2}}'", None),
    ("set image deploy/web nginx=nginx:1.28", None),
    ("rollout undo deploy/web", None),
    ("rollout undo deploy/web --to-revision=1", None),
    ("rollout undo deploy/web --to-revision=3", None),
    ("rollout pause deploy/web", None),
    ("rollout resume deploy/web", None),
    ("rollout pause pod/solo", None),
    ("set image deploy/web nope=nginx:1.28", None),
    ("set image rc/legacy '*=luksa/kubia:v2' --record", None),
    ("set env deploy/web GREETING=hi", None),
    ("set env deploy/web --from=configmap/app-config --prefix=APP_", None),
    ("set resources deploy/web --limits=cpu=200m,memory=512Mi --requests=cpu=0.1", None),
    ("set resources deploy/web -c nope --limits=cpu=1", None),
    ("delete cm,secret --all", None),
    ("apply -f -", "resourcequota compute"),
    ("create -f - -n team", "limitrange defaults"),
    ("label lease leader tier=control", None),
    ("delete lease kind-worker -n kube-node-lease", None),
    ("delete quota team-quota -n team", None),
    *(("apply -f -", name) for name in BROKEN),
    ("create -f -", "metadata true"),
    ("patch pod solo --type=json -p '[null]'", None),
    ("scale deploy web --replicas=2147483648", None),
    ("scale deploy web --replicas=99999999999999999999", None),
    ("scale deploy web --replicas=2147483647 --dry-run=server", None),
    ("patch deploy web -p '{\"spec\":{\"replicas\":2147483648}}'", None),
    ("patch pod solo --type=json -p '[{\"op\":\"add\",\"path\":\"/spec/x/y\",\"value\":1}]'", None),
    ("patch svc web -p '{\"spec\":{\"clusterIP\":\"10.96.0.99\"}}'", None),
    ("patch deploy web -p '{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}'", None),
    ("apply -f -", "claim manual"),
    ("create -f -", "claim without modes"),
    ("delete pvc data --wait=false", None),
    ("delete pvc waiting", None),
    ("delete pv static --wait=false", None),
    ("label pvc data tier=db", None),
    ("scale sts kubia --replicas=3", None),
    ("scale statefulset kubia --replicas=0", None),
    ("rollout undo sts/kubia", None),
    ("rollout undo sts/kubia --to-revision=1", None),
    ("set image sts/kubia kubia=luksa/kubia-pet-peers", None),
    ("patch sts kubia -p '{\"spec\":{\"serviceName\":\"other\"}}'", None),
    ("delete pod kubia-0 --wait=false", None),
    ("apply -f -", "daemonset ssd-monitor"),
    ("rollout undo ds/kube-proxy -n kube-system", None),
    ("set image ds/kindnet kindnet-cni=docker.io/kindest/kindnetd:v20250214-acbabc1a -n kube-system", None),
    ("label node kind-worker2 disk=ssd", None),
    ("diff -f -", "changed deployment web"),
    ("diff -f -", "new deployment api"),
    ("diff -f -", "configmap Bad_Name"),
    ("diff --server-side -f -", "changed deployment web"),
    *(("apply -f -", f"deployment api, {name}") for name in STRATEGIES),
    ("patch deploy web -p '{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":0}}}}'", None),
    ("create secret docker-registry regcred --docker-username=luksa --docker-password=pw "
     "--docker-email=me@example.com", None),
    ("create secret docker-registry regcred --docker-username=u --docker-password='p<&>' "
     "--docker-server=registry.example.com:5000 -n team -o yaml", None),
    ("create secret docker-registry regcred --from-file=tests/data/secrets/config.json", None),
    ("create secret docker-registry regcred --from-file=config=tests/data/secrets/config.json", None),
    ("create secret tls fortune-https --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/tls.key", None),
    ("create secret tls fortune-https --cert=tests/data/secrets/tls.cert --key=tests/data/secrets/tls.key "
     "--dry-run=client -o yaml", None),
]


# Attached runs: real kubectl waits for the pod in real time, so these run against a cluster
# served with the wall clock; each pod finishes before it is ever running and ready, so
# neither kubectl attaches (the served API has no pods/attach): both read the log, wait for
# the exit code and delete. Outputs only: timestamps follow the wall clock.
ATTACHED: list[str] = [
    "run once -i --rm --restart=Never --image=busybox -- echo hi",
    "run once -it --rm --restart=Never --image=busybox -- echo hi",
    "run twice -i --restart=Never --image=busybox -- sh -c 'echo out; echo err >&2; exit 3'",
    "run quiet -i -q --rm --restart=Never --image=busybox -- sh -c 'echo hi; exit 4'",
    "run rm --rm --image=busybox",
    "run dry -i --image=busybox --dry-run=client",
    "run tty -t --image=busybox",
]


def write_id(command: str, stdin: str | None) -> str:
    return f"{command} < {stdin}" if stdin else command


SSA = "apply --server-side -f -"
# Writes in a row, each one's output compared, then the state: what a write does depends on
# the field managers the writes before it recorded (server-side apply's conflicts).
SEQUENCES: dict[str, list[tuple[str, str | None]]] = {
    "diff after apply: nothing to change, then a changed image": [
        ("apply -f -", "new deployment api"), ("diff -f -", "new deployment api"),
        ("set image deploy/api api=luksa/kubia:v2", None), ("diff -f -", "new deployment api")],
    "diff of a Secret masks its data": [
        ("create secret generic creds --from-literal=user=admin --from-literal=pw=x", None),
        ("diff -f -", "secret creds")],
    "--sort-by orders names byte by byte (cm-1, cm-10, cm-9)": [
        ("create configmap cm-9", None), ("create configmap cm-10", None), ("create configmap cm-1", None),
        ("get cm --sort-by=.metadata.name -o name", None), ("get cm --sort-by=.metadata.name", None)],
    "server-side apply creates, then applies again unchanged": [
        (SSA, "new deployment api"), (SSA, "new deployment api")],
    "server-side apply takes over a live object, twice": [
        (SSA, "changed deployment web"), (SSA, "changed deployment web")],
    "server-side apply after kubectl scale conflicts on .spec.replicas": [
        (SSA, "changed deployment web"), ("scale deploy web --replicas=5", None), (SSA, "changed deployment web")],
    "server-side apply --force-conflicts takes .spec.replicas back from scale": [
        (SSA, "changed deployment web"), ("scale deploy web --replicas=5", None),
        (SSA + " --force-conflicts", "changed deployment web")],
    "a learner's DaemonSet follows a node label": [
        ("apply -f -", "daemonset ssd-monitor"), ("label node kind-worker2 disk=ssd", None), ("get ds ssd-monitor", None)],
    "server-side apply after label and annotate": [
        ("label deploy web tier=front", None), ("annotate deploy web note=hello", None), (SSA, "changed deployment web")],
    "client-side apply, scale, then server-side apply: the scaled field conflicts": [
        ("apply -f -", "new deployment api"), ("scale deploy api --replicas=2", None), (SSA, "new deployment api")],
}


# case id (a READS line, or write_id of a WRITES entry) -> the difference found
XFAIL: dict[str, str] = {}
