"""The server-side Table that `kubectl get` asks for (`Accept: application/json;as=Table;
v=v1;g=meta.k8s.io`), built from the same column definitions `%kubectl get` prints
(kubecourse/api/columns.py), so both print the same cells.

Models kubernetes/kubernetes: staging/src/k8s.io/apiserver/pkg/registry/rest/table.go and
staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go (transformObject for Table,
includeObject). What kubectl needs from it (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go transformRequests,
get/table_printer.go decodeIntoTable): every column with
its priority (1 = only with -o wide), already formatted cells (AGE against the server's
now, which here is virtual), and each row's `object` as PartialObjectMetadata, because
-A's NAMESPACE, --show-labels and -L read the row's metadata, not the cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kubecourse.api.columns import Column
from kubecourse.api.kinds import Kind

INCLUDE_METADATA, INCLUDE_OBJECT, INCLUDE_NONE = "Metadata", "Object", "None"


def column_definition(column: Column) -> dict[str, Any]:
    return {"name": column.header, "type": column.type, "format": column.format,
            "description": column.description, "priority": 1 if column.wide else 0}


def metadata_of(wire: dict[str, Any]) -> dict[str, Any]:
    """What a PartialObjectMetadata row carries: the metadata, managedFields left out."""
    return {k: v for k, v in wire.get("metadata", {}).items() if k != "managedFields"}


def row(kind: Kind, obj: Any, now: datetime, include: str) -> dict[str, Any]:
    out: dict[str, Any] = {"cells": [column.cell(obj, now) for column in kind.columns]}
    if include == INCLUDE_OBJECT:
        out["object"] = obj.to_wire()
    elif include != INCLUDE_NONE:
        out["object"] = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                         "metadata": metadata_of(obj.to_wire())}
    return out


def table(kind: Kind, objs: Sequence[Any], now: datetime, *, include: str = INCLUDE_METADATA,
          resource_version: str = "", continue_token: str = "") -> dict[str, Any]:
    metadata: dict[str, Any] = {"resourceVersion": resource_version}
    if continue_token:
        metadata["continue"] = continue_token
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
            "columnDefinitions": [column_definition(c) for c in kind.columns],
            "rows": [row(kind, obj, now, include) for obj in objs]}
