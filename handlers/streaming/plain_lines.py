"""Streaming: an object (optionally one version of it) read line by line, then its tail by seeking.

Iterating a plain S3Object yields the body's raw chunks (botocore's StreamingBody), so lines
come from readline.
"""

import io

from aws_lambda_powertools.utilities.streaming import S3Object

from _reads import BUCKET, summarise_lines


def lambda_handler(event: dict, context: object) -> dict:
    s3_object = S3Object(bucket=BUCKET, key=event["key"], version_id=event.get("version_id"))
    summary = summarise_lines(iter(s3_object.readline, b""))
    s3_object.seek(-event.get("tail_bytes", 0), io.SEEK_END)
    return {**summary, "size": s3_object.size, "tail": s3_object.read().decode()}
