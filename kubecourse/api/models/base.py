"""The base of every API model: wire names, immutability, wire output.

Objects in the store are shared, never copied: a write replaces an object with a new one
that shares every unchanged part with the old (`model_copy(update=...)`), which is why
history can keep every version for the price of the changed parts. So models are frozen,
and nobody mutates a dict or list they got from the API either.

Fields default to None; defaulting (kubecourse/api/defaults.py) fills what the server
fills, and `to_wire()` leaves out what is still None, so `-o yaml` shows what a real
server would store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer
from pydantic.alias_generators import to_camel


def format_time(t: datetime) -> str:
    """metav1.Time: RFC 3339, UTC, whole seconds."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def format_micro_time(t: datetime) -> str:
    """metav1.MicroTime: RFC 3339 with microseconds (Event.eventTime)."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


Time = Annotated[datetime, PlainSerializer(format_time, return_type=str, when_used="always")]
MicroTime = Annotated[datetime, PlainSerializer(format_micro_time, return_type=str, when_used="always")]
IntOrString = int | str
Quantity = str | int | float

M = TypeVar("M", bound="KubeModel")


class KubeModel(BaseModel):
    """A Kubernetes API structure: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="allow",  # fields we do not model survive a round trip; the schema validates them
        ser_json_timedelta="float",
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON object a real API server would return."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")

    def fill(self: M, **defaults: Any) -> M:
        """A copy with each of `defaults` set where the field is still None."""
        missing = {k: v for k, v in defaults.items() if getattr(self, k) is None}
        return self.with_(**missing) if missing else self

    def with_(self: M, **changes: Any) -> M:
        """A copy with `changes` (snake_case field names) applied; shares everything else.

        What `model_copy(update=...)` does for declared fields, built directly: the copy is the
        commonest operation of the simulation (every write makes several), and model_copy's
        generic path (copy.copy of each part, then an update loop) costs twice as much.
        Anything else (an extra, undeclared key) takes model_copy's path."""
        cls = type(self)
        fields = cls.__pydantic_fields__
        if not fields.keys() >= changes.keys():
            return self.model_copy(update=changes)
        new = cls.__new__(cls)
        extra = self.__pydantic_extra__
        _set(new, "__dict__", {**self.__dict__, **changes})
        _set(new, "__pydantic_extra__", None if extra is None else extra.copy())
        _set(new, "__pydantic_fields_set__", self.__pydantic_fields_set__ | changes.keys())
        _set(new, "__pydantic_private__", None)
        return new


_set = object.__setattr__  # models are frozen: their own __setattr__ refuses
