"""A local S3-compatible server for tests: moto's real HTTP S3 API on loopback (no MinIO here)."""
from __future__ import annotations

import contextlib
import logging
import secrets

import boto3

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "chaeng-test", "AWS_SECRET_ACCESS_KEY": "chaeng-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


@contextlib.contextmanager
def s3_server():
    """Start the server on a free loopback port; yield its endpoint URL."""
    from moto.server import ThreadedMotoServer
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # keep its access log out of test output
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str) -> str:
    """Create a bucket no other test uses; return its name."""
    name = f"chaeng-{secrets.token_hex(6)}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def client(endpoint: str):
    """A plain boto3 client, to look inside the bucket as an operator would."""
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                        region_name=CREDENTIALS["AWS_DEFAULT_REGION"])


def keys(endpoint: str, bucket: str) -> list[str]:
    """Every object key in the bucket."""
    listed = client(endpoint).list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listed.get("Contents", [])]
