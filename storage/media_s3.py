"""Photos in an S3-compatible bucket (AWS S3, MinIO, Ceph...), chosen by MEDIA_URL=s3://bucket/prefix.

Credentials and region come from the standard AWS_* environment variables (or any other source
boto3 reads); S3_ENDPOINT_URL points at a server other than AWS. The bucket stays private: photos
are read back by the web app and served behind its signed links, like photos in a folder.
"""
from __future__ import annotations

from typing import BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from storage.media import ImageStore, MediaUnavailable, parse_s3_url

MISSING = {"NoSuchKey", "404", "NotFound"}
# Fail fast and let the caller retry: the worker retries the event, LINE retries the image.
CLIENT_CONFIG = Config(connect_timeout=3, read_timeout=10,
                       retries={"max_attempts": 3, "mode": "standard"})


class S3MediaStore(ImageStore):
    """Stores cleaned images as objects under a prefix of one bucket."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str = ""):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.session.Session().client("s3", endpoint_url=endpoint_url or None,
                                                     config=CLIENT_CONFIG)

    @classmethod
    def from_url(cls, media_url: str, endpoint_url: str = "") -> "S3MediaStore":
        """Build the store from s3://bucket/prefix."""
        bucket, prefix = parse_s3_url(media_url)
        return cls(bucket, prefix, endpoint_url)

    def key_of(self, relative: str) -> str:
        """The object key of a stored file's name."""
        if ".." in relative.split("/") or relative.startswith("/"):
            raise FileNotFoundError(relative)
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def put(self, relative: str, data: bytes, content_type: str) -> None:
        """Upload the object (the same key always holds the same bytes, so a repeat is harmless)."""
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.key_of(relative), Body=data,
                                   ContentType=content_type)
        except (BotoCoreError, ClientError) as error:
            raise MediaUnavailable(f"S3 put failed: {type(error).__name__}") from None

    def open(self, relative: str) -> BinaryIO:
        """The object's body as a stream."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key_of(relative))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                raise FileNotFoundError(relative) from None
            raise MediaUnavailable(f"S3 get failed: {error.response['Error'].get('Code')}") from None
        except BotoCoreError as error:
            raise MediaUnavailable(f"S3 get failed: {type(error).__name__}") from None

    def delete(self, relative: str) -> None:
        """Delete the object (S3 answers the same whether or not it was there)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.key_of(relative))
        except (BotoCoreError, ClientError) as error:
            raise MediaUnavailable(f"S3 delete failed: {type(error).__name__}") from None
