"""The Deployment controller, laid out as kubernetes/kubernetes pkg/controller/deployment/ is:
controller.py (deployment_controller.go), sync.py (sync.go), progress.py (progress.go),
rolling.py (rolling.go), recreate.py (recreate.go) and util.py (util/deployment_util.go).
The strategies are functions of sync.Rollout, the operations they need from the controller."""
