"""The file store on an S3-compatible object store (boto3), for gateways on several machines:
the same content-addressed keys as storage.file_store ("ab/abcd…[.variant]"), so a photo
delivered twice, or by two gateways at once, is one object.

boto3 is synchronous, as FileStore is: callers run both in a thread (asyncio.to_thread)."""

from __future__ import annotations

import hashlib
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.settings import Settings
from storage.file_store import FileStore, key_of

MISSING = {"404", "NoSuchKey", "NotFound"}


class ObjectStore:
    def __init__(self, settings: Settings) -> None:
        self.bucket = settings.attachments_s3_bucket
        access = settings.attachments_s3_access_key
        secret = settings.attachments_s3_secret_key
        self._client: Any = boto3.client(
            "s3",
            endpoint_url=settings.attachments_s3_endpoint_url or None,
            region_name=settings.attachments_s3_region,
            aws_access_key_id=access.get_secret_value() if access else None,
            aws_secret_access_key=secret.get_secret_value() if secret else None,
            # retries with backoff on throttling and 5xx, as the library does them
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )

    def _exists(self, key: str) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                return False
            raise
        return True

    def put(self, data: bytes, variant: str = "", sha256: str | None = None) -> str:
        digest = sha256 or hashlib.sha256(data).hexdigest()
        key = key_of(digest, variant)
        if not self._exists(key):
            self._client.put_object(Bucket=self.bucket, Key=key, Body=data)
        return digest

    def get(self, sha256: str, variant: str = "") -> bytes | None:
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=key_of(sha256, variant))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                return None
            raise
        return bytes(answer["Body"].read())


def open_store(settings: Settings) -> FileStore | ObjectStore:
    """The object store when a bucket is configured, else the folder."""
    if settings.attachments_s3_bucket:
        return ObjectStore(settings)
    return FileStore(settings.effective_attachments_dir)
