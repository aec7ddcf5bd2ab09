"""kubectl, emulated: the same grammar, the same output, the same errors, exit codes included.

`run(ctx, argv, stdin)` is what `Cluster.kubectl()` calls. It knows the API and the clock
through `Context`, nothing of Jupyter. A user mistake never raises: it comes back as
kubectl's own error text on stderr with returncode 1.
"""

from kubecourse.kubectl.context import Context, Result
from kubecourse.kubectl.main import run

__all__ = ["Context", "Result", "run"]
