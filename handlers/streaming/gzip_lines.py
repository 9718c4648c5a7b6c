"""Streaming: a gzip object decompressed on the fly (is_gzip) and read line by line."""

from aws_lambda_powertools.utilities.streaming import S3Object

from _reads import BUCKET, summarise_lines


def lambda_handler(event: dict, context: object) -> dict:
    s3_object = S3Object(bucket=BUCKET, key=event["key"], is_gzip=True)
    return {**summarise_lines(s3_object), "compressed_size": s3_object.size}
