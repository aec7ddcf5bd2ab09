"""The storage controllers: the PersistentVolume binder, the protection controllers and kind's
local-path provisioner (pkg/controller/volume/ upstream; the provisioner is
rancher/local-path-provisioner, which kind installs)."""
