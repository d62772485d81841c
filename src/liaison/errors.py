"""The one exception root of Liaison and its subclasses.

Each subclass knows the HTTP status and the stable error code a client sees; the API has
one handler table that maps them (``liaison.api.errors``) and the CLI prints the message.
"""

from __future__ import annotations

from typing import Any


class LiaisonError(Exception):
    """Root of every error Liaison raises on purpose."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """The JSON body a client receives."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class ConfigurationError(LiaisonError):
    """A setting or the environment is wrong; the operator must fix it."""

    code = "configuration_error"


class ValidationFailed(LiaisonError):
    """Input broke a rule; ``details`` lists each problem with its field."""

    status_code = 422
    code = "validation_failed"


class NotFound(LiaisonError):
    """The record does not exist, or the caller may not know that it exists."""

    status_code = 404
    code = "not_found"


class Conflict(LiaisonError):
    """The change clashes with what is stored (duplicate reference, record in use)."""

    status_code = 409
    code = "conflict"


class Unauthenticated(LiaisonError):
    """No valid credentials were presented."""

    status_code = 401
    code = "unauthenticated"


class Forbidden(LiaisonError):
    """The caller is known but the permission check refused the action."""

    status_code = 403
    code = "forbidden"


class ImportRejected(LiaisonError):
    """An import file had invalid rows; nothing was written. ``details`` lists them."""

    status_code = 422
    code = "import_rejected"


class StoreUnavailable(LiaisonError):
    """The database cannot be reached or is not initialised."""

    status_code = 503
    code = "store_unavailable"
