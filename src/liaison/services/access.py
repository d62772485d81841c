"""The one permission check every use case calls before touching data."""

from __future__ import annotations

from liaison.domain.access import (
    Action,
    Actor,
    LegalRequestResource,
    RecordResource,
    Resource,
    is_allowed,
)
from liaison.errors import Forbidden, NotFound


def ensure_permission(actor: Actor, action: Action, resource: Resource) -> None:
    """Raise unless ``actor`` may do ``action`` on ``resource``.

    A record the actor may not read is reported as not found, so a refusal never
    reveals that another agency holds it.
    """
    if is_allowed(actor, action, resource):
        return
    if isinstance(resource, RecordResource) and not is_allowed(actor, Action.READ, resource):
        raise NotFound("no such record")
    if isinstance(resource, LegalRequestResource) and not is_allowed(
        actor, Action.REQUEST_READ, resource
    ):
        raise NotFound("no such request")
    raise Forbidden(f"{actor.describe()} may not {action.value.replace('.', ' ')} here")
