"""A real S3-compatible server on loopback (moto's server mode, in a thread), with a bucket,
for the object store's tests; only the platforms' servers are fakes of our own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from tests.servers import free_port

KEY = "test-access-key"
SECRET = "test-secret-key"


@contextmanager
def s3_bucket() -> Iterator[dict[str, Any]]:
    """Settings that point the attachment store at a fresh bucket on a running server."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        bucket = f"attachments-{uuid.uuid4().hex[:8]}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
        )
        client.create_bucket(Bucket=bucket)
        yield {
            "attachments_s3_bucket": bucket,
            "attachments_s3_endpoint_url": endpoint,
            "attachments_s3_region": "us-east-1",
            "attachments_s3_access_key": KEY,
            "attachments_s3_secret_key": SECRET,
            "client": client,
        }
    finally:
        server.stop()
