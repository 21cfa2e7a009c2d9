"""`python -m bot.deadletters list|retry [--id N ...] [--all]`: replies the gateway gave up on.

`list` shows dead (retries used up) and undeliverable (refused by the platform) outbox rows;
`retry` puts the chosen ones back to pending, due at once, with a fresh count of attempts. A
running gateway picks them up within its poll interval.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from core.settings import Settings, get_settings
from storage.db import Database
from storage.models import OutboxMessage
from storage.services import messaging

PREVIEW = 40


def _line(row: OutboxMessage) -> str:
    text = str(row.body.get("text") or ("[image]" if row.body.get("image") else "[custom]"))
    preview = text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
    preview = preview.replace("\n", " ")
    error = (row.last_error or "").replace("\n", " ")[:60]
    created = row.created_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"{row.id:>7}  {row.channel.value:<8} {row.status.value:<13} {row.attempts:>3}  "
        f"{created}  citizen {row.citizen_id:<6} {error:<60}  {preview}"
    )


async def run(argv: list[str], settings: Settings) -> str:
    parser = argparse.ArgumentParser(prog="python -m bot.deadletters", description=__doc__)
    parser.add_argument("command", choices=["list", "retry"])
    parser.add_argument("--id", type=int, action="append", dest="ids", help="a row to retry")
    parser.add_argument("--all", action="store_true", help="retry every failed row")
    parser.add_argument("--limit", type=int, default=100, help="rows to list")
    args = parser.parse_args(argv)
    database = Database(settings.effective_database_url)
    try:
        async with database.session() as session:
            if args.command == "list":
                rows = await messaging.failed_outbound(session, args.limit)
                if not rows:
                    return "no dead or undeliverable messages"
                header = f"{'id':>7}  {'channel':<8} {'status':<13} {'try':>3}  {'created':<16}"
                return "\n".join([header, *(_line(r) for r in rows)])
            if not args.all and not args.ids:
                parser.error("retry needs --id N (repeatable) or --all")
            requeued = await messaging.requeue_outbound(session, None if args.all else args.ids)
            await session.commit()
    finally:
        await database.close()
    if not requeued:
        return "nothing to retry (ids not found, or not dead/undeliverable)"
    return f"requeued {len(requeued)}: {', '.join(str(i) for i in requeued)}"


def main() -> None:
    print(asyncio.run(run(sys.argv[1:], get_settings())))


if __name__ == "__main__":
    main()
