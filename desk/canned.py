"""Reply templates an official can start from. They go to the citizen, so the citizen's
language picks the words (from the catalogue, core.words)."""

from __future__ import annotations

from core.words import N_, words_for

# each template's key in the catalogue
TEMPLATES: dict[str, str] = {
    "received": N_("canned_reply_received"),
    "need_info": N_("canned_reply_need_info"),
    "inspecting": N_("canned_reply_inspecting"),
    "fixed": N_("canned_reply_fixed"),
    "not_ours": N_("canned_reply_not_ours"),
}
# what the resolve form starts with, so resolving needs no typing when nothing more is to say
RESOLVE_DEFAULT = "fixed"


def template_text(key: str, language: str) -> str | None:
    message = TEMPLATES.get(key)
    return None if message is None else words_for(language).gettext(message)
