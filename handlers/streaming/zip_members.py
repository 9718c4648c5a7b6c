"""Streaming: a zip archive opened in place with ZipTransform (seeks to its central directory)."""

from aws_lambda_powertools.utilities.streaming import S3Object
from aws_lambda_powertools.utilities.streaming.transformations import ZipTransform

from _reads import BUCKET


def lambda_handler(event: dict, context: object) -> dict:
    archive = S3Object(bucket=BUCKET, key=event["key"]).transform(ZipTransform())
    return {"members": {name: archive.read(name).decode() for name in archive.namelist()}}
