"""Rasa's SQL tracker store, made to survive PostgreSQL dropping its connections.

Rasa wraps every tracker store in a fail-safe one: a read that fails gives an empty conversation
and a write that fails goes to memory only. After a restart or a failover of PostgreSQL, every
pooled connection of Rasa's store is dead, so each Rasa server would silently forget the next
few citizens' forms. This store checks a pooled connection before it uses it, and does a read or
a write once more on a fresh connection when the one in use was lost mid-way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import exc
from sqlalchemy.orm import sessionmaker

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ReconnectingSQLTrackerStore(SQLTrackerStore):
    """`type: nlu.tracker_store.ReconnectingSQLTrackerStore` in the endpoints, with the
    same settings as Rasa's `type: SQL`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        store = super()
        return await _again_on_lost_connection(lambda: store.retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        store = super()
        return await _again_on_lost_connection(lambda: store.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        store = super()
        await _again_on_lost_connection(lambda: store.save(tracker))


async def _again_on_lost_connection(work: Callable[[], Awaitable[T]]) -> T:
    try:
        return await work()
    except exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
        # the pool has dropped the dead connection; the next one is checked before use
        logger.warning("tracker store connection lost (%s); trying again", error.orig)
        return await work()
