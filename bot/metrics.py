"""Prometheus metrics of the gateway (served at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

MESSAGES_RECEIVED = Counter(
    "gateway_messages_received_total", "Inbound messages stored, by channel", ["channel"]
)
MESSAGES_DUPLICATE = Counter(
    "gateway_messages_duplicate_total",
    "Redelivered inbound messages acknowledged again",
    ["channel"],
)
MESSAGES_HANDLED = Counter(
    "gateway_messages_handled_total", "Inbound messages answered by Rasa, by channel", ["channel"]
)
MESSAGES_SENT = Counter(
    "gateway_messages_sent_total", "Outbound messages delivered, by channel", ["channel"]
)
DELIVERY_RETRIES = Counter(
    "gateway_delivery_retries_total", "Outbound delivery attempts to be retried", ["channel"]
)
DEAD_LETTERS = Counter(
    "gateway_dead_letters_total", "Outbound messages given up on", ["channel", "reason"]
)
HANDLING_SECONDS = Histogram(
    "gateway_handling_seconds", "From taking an inbound message to queueing its replies"
)
RASA_SECONDS = Histogram("gateway_rasa_roundtrip_seconds", "Rasa REST channel round trip")
QUEUE_DEPTH = Gauge("gateway_queue_depth", "Messages waiting, by queue", ["queue"])
