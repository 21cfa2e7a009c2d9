"""Conversations written by someone who never saw the training data, played by a simulated
citizen who types every answer, through the public web chat API and the Telegram and Zalo
webhooks of the real stack."""
