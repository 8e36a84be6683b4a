"""Domain errors carry a translatable message, and optionally the field it belongs to."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
