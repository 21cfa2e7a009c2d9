"""Buttons on Zalo, whose OA messages have none: Rasa's buttons are shown as numbered lines, and
a typed number or title is mapped back to the button's payload against the assistant's latest
answer."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.intake import Incoming
from bot.keys import DATABASE
from core.text import nfc
from storage.services import messaging


def choose_button(text: str, buttons: list[dict[str, Any]]) -> str | None:
    """The payload of the button a typed "2", "2." or title names, if any."""
    typed = text.strip().rstrip(".)").strip()
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        payload = buttons[int(typed) - 1].get("payload")
        return payload if isinstance(payload, str) else None
    folded = nfc(text).strip().casefold()
    for button in buttons:
        title, payload = button.get("title"), button.get("payload")
        if isinstance(title, str) and isinstance(payload, str) and title.casefold() == folded:
            return payload
    return None


async def with_button_choice(app: web.Application, incoming: Incoming) -> Incoming:
    if incoming.text.startswith("/") or len(incoming.text) > 200:
        return incoming
    async with app[DATABASE].session() as session:
        citizen = await messaging.citizen_by_sender(session, f"zalo:{incoming.user_id}")
        if citizen is None:
            return incoming
        buttons = await messaging.latest_reply_buttons(session, citizen.id)
    payload = choose_button(incoming.text, buttons) if buttons else None
    if payload is None:
        return incoming
    return Incoming(
        incoming.channel,
        incoming.platform_message_id,
        incoming.user_id,
        payload,
        {**incoming.payload, "typed": incoming.text, "button": True},
        incoming.display_name,
        incoming.attachments,
    )


def with_button_lines(text: str, buttons: object) -> str:
    if not isinstance(buttons, list):
        return text
    titles = [
        b["title"] for b in buttons if isinstance(b, dict) and isinstance(b.get("title"), str)
    ]
    if not titles:
        return text
    lines = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
    return f"{text}\n\n{lines}" if text else lines
