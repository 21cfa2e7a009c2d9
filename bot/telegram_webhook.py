"""`python -m bot.telegram_webhook set|delete|info`: registers the gateway's webhook with Telegram.

`set` points Telegram at PUBLIC_BASE_URL + /webhooks/telegram with the secret token, so every
update carries it and the gateway refuses anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from urllib.parse import urlsplit

import telegram
from telegram.error import TelegramError

from bot.channels.telegram.updates import ALLOWED_UPDATES
from core.settings import Settings, get_settings

WEBHOOK_PATH = "/webhooks/telegram"
TELEGRAM_PORTS = {443, 80, 88, 8443}  # the only ports Telegram delivers webhooks to


def webhook_url(settings: Settings) -> str:
    if not settings.public_base_url:
        raise SystemExit("PUBLIC_BASE_URL must be set to register a webhook")
    url = settings.public_base_url.rstrip("/") + WEBHOOK_PATH
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise SystemExit("PUBLIC_BASE_URL must be https:// for a Telegram webhook")
    if (parts.port or 443) not in TELEGRAM_PORTS:
        raise SystemExit("Telegram only delivers webhooks to ports 443, 80, 88 or 8443")
    return url


async def run(command: str, settings: Settings, *, drop_pending: bool = False) -> str:
    """Carries out one command and returns what to print (never the token or the secret)."""
    if settings.telegram_bot_token is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set")
    bot = telegram.Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=f"{settings.telegram_api_base_url.rstrip('/')}/bot",
    )
    async with bot:  # initialize() calls getMe, which also checks the token
        if command == "set":
            if settings.telegram_webhook_secret is None:
                raise SystemExit("TELEGRAM_WEBHOOK_SECRET must be set")
            url = webhook_url(settings)
            await bot.set_webhook(
                url,
                secret_token=settings.telegram_webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=drop_pending,
            )
            return f"webhook set: {url}"
        if command == "delete":
            await bot.delete_webhook(drop_pending_updates=drop_pending)
            return "webhook deleted"
        info = await bot.get_webhook_info()
        lines = [
            f"url: {info.url or '(none: polling or not set)'}",
            f"pending updates: {info.pending_update_count}",
            f"allowed updates: {', '.join(info.allowed_updates or []) or '(all)'}",
        ]
        if info.last_error_message:
            lines.append(f"last error: {info.last_error_message} at {info.last_error_date}")
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.telegram_webhook", description=__doc__)
    parser.add_argument("command", choices=["set", "delete", "info"])
    parser.add_argument(
        "--drop-pending", action="store_true", help="discard the updates Telegram holds"
    )
    args = parser.parse_args(argv)
    try:
        print(asyncio.run(run(args.command, get_settings(), drop_pending=args.drop_pending)))
    except TelegramError as error:
        print(f"Telegram refused: {error.message}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
