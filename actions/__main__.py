"""`python -m actions`: run the rasa-sdk action server on this package."""

from __future__ import annotations

import logging
import os

from rasa_sdk import endpoint

from actions.reading.category_model import warm_up
from actions.server import ReconnectingActionExecutor
from core.settings import get_settings


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    # rasa-sdk listens on every interface unless told; only Rasa on this machine calls it
    os.environ.setdefault("SANIC_HOST", os.environ.get("ACTION_SERVER_HOST", "127.0.0.1"))
    # rasa-sdk builds its executor inside endpoint.create_app, from this module attribute
    endpoint.ActionExecutor = ReconnectingActionExecutor
    # trained before the first petition, which would otherwise wait for it
    warm_up()
    endpoint.run("actions", port=int(os.environ.get("ACTION_SERVER_PORT", "5055")), cors_origins=[])


if __name__ == "__main__":
    main()
