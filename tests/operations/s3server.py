"""A real S3-compatible server for tests: moto's standalone server (``moto[s3]`` with Flask), started
on a free loopback port in its own process, spoken to over HTTP by boto3 exactly like MinIO or AWS."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

ACCESS_KEY = "cspr-test-access-key"
SECRET_KEY = "cspr-test-secret-key-not-a-secret"
REGION = "eu-west-2"


@dataclass
class S3Server:
    endpoint: str
    bucket: str

    def env(self, prefix: str = "") -> dict[str, str]:
        """The environment variables that put a process's store in this bucket."""
        return {
            "CSPR_STORAGE": "s3",
            "CSPR_S3_BUCKET": self.bucket,
            "CSPR_S3_ENDPOINT_URL": self.endpoint,
            "CSPR_S3_REGION": REGION,
            "CSPR_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "CSPR_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "CSPR_S3_PREFIX": prefix,
        }

    def storage_setting(self, prefix: str = "") -> dict[str, Any]:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
                "location": prefix,
            },
        }

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def object_keys(self, prefix: str = "") -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_s3(bucket: str = "cspr-documents") -> Iterator[S3Server]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()  # noqa: S310 - loopback
                break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.2)
        server = S3Server(endpoint=endpoint, bucket=bucket)
        server.client().create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
