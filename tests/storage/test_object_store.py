"""The attachment store on an S3-compatible server: content-addressed like the folder, one
object however often (or by however many gateways) a file is kept, variants beside it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from core.settings import Settings
from storage.object_store import ObjectStore, open_store
from tests.s3_server import s3_bucket


@pytest.fixture
def bucket() -> Iterator[dict[str, Any]]:
    with s3_bucket() as found:
        yield found


def _settings(bucket: dict[str, Any]) -> Settings:
    values = {k: v for k, v in bucket.items() if k != "client"}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_a_file_is_one_object_whoever_keeps_it(bucket: dict[str, Any]) -> None:
    first, second = ObjectStore(_settings(bucket)), ObjectStore(_settings(bucket))
    data = b"\xff\xd8 a photo of a pothole"
    digest = first.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert second.put(data) == digest  # another gateway, the same photo
    assert second.get(digest) == data
    first.put(b"thumbnail bytes", "thumb", digest)
    listed = bucket["client"].list_objects_v2(Bucket=bucket["attachments_s3_bucket"])
    assert sorted(o["Key"] for o in listed["Contents"]) == [
        f"{digest[:2]}/{digest}",
        f"{digest[:2]}/{digest}.thumb",
    ]
    assert first.get(digest, "thumb") == b"thumbnail bytes"
    assert first.get("0" * 64) is None
    with pytest.raises(ValueError, match="sha256"):
        first.get("../../etc/passwd")


def test_the_folder_stays_the_default(tmp_path: object) -> None:
    settings = Settings(_env_file=None, attachments_dir=tmp_path)  # type: ignore[call-arg]
    assert not isinstance(open_store(settings), ObjectStore)
