"""Commands that move records: import, export, and the demo."""

from __future__ import annotations
