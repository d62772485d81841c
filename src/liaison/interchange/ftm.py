"""FollowTheMoney (FtM), the entity model of OCCRP Aleph and OpenSanctions: what the
export and the import share.

followthemoney is an optional extra (it needs PyICU, a native build), so it is imported
only when an FtM file is read or written, with an error that says what to install.
"""

from __future__ import annotations

import uuid
from typing import Any

from liaison.errors import ConfigurationError

# Exported entity ids are this prefix and the record id: stable as long as the record
# exists, and recognisable as Liaison's in a mixed Aleph collection.
ENTITY_PREFIX = "liaison-"

# Imported records get ids derived from the importing agency and the entity id, so the
# same file always maps to the same records. Changing this would change every such id.
_IMPORT_NAMESPACE = uuid.UUID("0b7f4a2e-6d3c-5b8e-9f1a-2c4d6e8f0a1b")


def ftm_model() -> Any:
    """The FtM model, or a ``ConfigurationError`` naming the extra to install."""
    try:
        from followthemoney import model
    except ImportError as exc:
        raise ConfigurationError(
            "FollowTheMoney import and export need the `ftm` extra: "
            "pip install 'liaison[ftm]' (it builds PyICU, which needs Debian's libicu-dev, "
            f"pkg-config and g++); the import failed with: {exc}"
        ) from None
    return model


def entity_id(record_id: str) -> str:
    """The FtM entity id of a record."""
    return f"{ENTITY_PREFIX}{record_id}"


def imported_record_id(agency_id: int, entity_id: str) -> str:
    """The record id an entity gets when an agency imports it (deterministic)."""
    return str(uuid.uuid5(_IMPORT_NAMESPACE, f"{agency_id}:{entity_id}"))
