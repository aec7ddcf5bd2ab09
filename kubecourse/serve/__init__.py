"""The in-process cluster served as a Kubernetes API on loopback (HTTPS + bearer token), so the
real kubectl and the official Python client can talk to it. What kubectl needs was measured
request by request; each module names the client-go or kubectl code that sends the request."""
