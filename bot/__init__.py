"""The gateway: every channel protocol, the inbox and outbox workers, health and the web chat."""
