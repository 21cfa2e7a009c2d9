"""Domain exceptions raised by the service functions; the edges turn them into an HTTP status or
an `utter_*` response, so storage never decides what a citizen or an official is told."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: catch this at an edge to handle every refusal from storage in one place."""


class NotFound(StorageError):
    """The row asked for does not exist (or is not visible to the caller)."""


class NotAllowed(StorageError):
    """The caller may not do this to this row (another citizen's petition, an inactive official)."""


class InvalidTransition(StorageError):
    """The row is in a state that does not allow the operation (resolving a resolved petition)."""


class InvalidValue(StorageError, ValueError):
    """A value outside what the domain accepts (a rating of 7)."""
