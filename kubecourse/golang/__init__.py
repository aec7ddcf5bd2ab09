"""Go's standard behaviours that Kubernetes' texts depend on, for every layer to share.

Kubernetes and kubectl are Go programs: how they print a value (`fmt`'s `%v`, strconv's
float and quote forms) and how they read a duration (`time.ParseDuration`) show in their
messages byte for byte. These modules model those Go functions and nothing else, so the
schema, the API server, the served API and kubectl can all import them: a leaf below every
layer (tests/project/test_layers.py).
"""
