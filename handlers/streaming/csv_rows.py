"""Streaming: CSV rows as dicts, through GzipTransform first when the object is compressed."""

from aws_lambda_powertools.utilities.streaming import S3Object
from aws_lambda_powertools.utilities.streaming.transformations import CsvTransform, GzipTransform

from _reads import BUCKET


def lambda_handler(event: dict, context: object) -> dict:
    s3_object = S3Object(bucket=BUCKET, key=event["key"])
    transforms = [GzipTransform(), CsvTransform()] if event.get("gzip") else [CsvTransform()]
    return {"rows": list(s3_object.transform(transforms))}
