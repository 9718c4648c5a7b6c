"""Streaming suite: S3Object reads plain, gzip, CSV and zip objects and one version of a key."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile

from verifiers.lib.invoke import invoke

LINES = [f"line {i:05d} of the streaming suite" for i in range(2000)]
TEXT = "".join(f"{line}\n" for line in LINES)
ROWS = [{"id": str(i), "name": f"item-{i}", "price": f"{i * 1.5:.2f}"} for i in range(250)]


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def put(clients, bucket: str, key: str, body: bytes) -> str:
    """Write an object; the bucket is versioned, so S3 answers with the new version's id."""
    return clients.s3.put_object(Bucket=bucket, Key=key, Body=body)["VersionId"]


def line_summary(text: str) -> dict:
    lines = text.splitlines()
    return {
        "line_count": len(lines),
        "first_line": lines[0],
        "last_line": lines[-1],
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }


def test_plain_object_is_streamed_line_by_line_and_seekable(outputs, clients, unique):
    # GIVEN a 2000-line text object
    key = unique("plain") + ".txt"
    put(clients, outputs["ObjectsBucket"], key, TEXT.encode())

    # WHEN the function streams it and then reads its last line by seeking from the end
    tail = LINES[-1] + "\n"
    got = invoke(clients.lambda_, outputs["PlainLinesArn"], {"key": key, "tail_bytes": len(tail)}).payload

    # THEN every line arrived, in order, and the tail is the last line
    assert got == {**line_summary(TEXT), "size": len(TEXT), "tail": tail}


def test_gzip_object_is_decompressed_while_streaming(outputs, clients, unique):
    # GIVEN the same text gzip-compressed
    key = unique("gzip") + ".txt.gz"
    compressed = gzip.compress(TEXT.encode())
    put(clients, outputs["ObjectsBucket"], key, compressed)

    # WHEN the function streams it with is_gzip
    got = invoke(clients.lambda_, outputs["GzipLinesArn"], {"key": key}).payload

    # THEN it reads the decompressed lines of the compressed object
    assert got == {**line_summary(TEXT), "compressed_size": len(compressed)}


def test_csv_object_gives_one_dict_per_row(outputs, clients, unique):
    # GIVEN a CSV object with a header and 250 rows
    key = unique("rows") + ".csv"
    put(clients, outputs["ObjectsBucket"], key, as_csv(ROWS))

    # WHEN the function reads it through CsvTransform
    got = invoke(clients.lambda_, outputs["CsvRowsArn"], {"key": key}).payload

    # THEN each row is a dict keyed by the header, in order
    assert got["rows"] == ROWS


def test_gzip_csv_object_goes_through_both_transforms(outputs, clients, unique):
    # GIVEN a gzip-compressed CSV object
    key = unique("rows") + ".csv.gz"
    put(clients, outputs["ObjectsBucket"], key, gzip.compress(as_csv(ROWS)))

    # WHEN the function chains GzipTransform and CsvTransform
    got = invoke(clients.lambda_, outputs["CsvRowsArn"], {"key": key, "gzip": True}).payload

    # THEN the rows come out as from the plain CSV
    assert got["rows"] == ROWS


def test_zip_archive_members_are_listed_and_read(outputs, clients, unique):
    # GIVEN a zip archive with a stored and a deflated member, one in a folder
    members = {"readme.txt": "stored as is\n", "data/lines.txt": TEXT}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", members["readme.txt"], compress_type=zipfile.ZIP_STORED)
        zf.writestr("data/lines.txt", members["data/lines.txt"], compress_type=zipfile.ZIP_DEFLATED)
    key = unique("archive") + ".zip"
    put(clients, outputs["ObjectsBucket"], key, archive.getvalue())

    # WHEN the function opens it with ZipTransform
    got = invoke(clients.lambda_, outputs["ZipMembersArn"], {"key": key}).payload

    # THEN it names both members, in archive order, with their contents
    assert list(got["members"]) == ["readme.txt", "data/lines.txt"]
    assert got["members"] == members


def test_older_version_of_a_key_is_read_by_version_id(outputs, clients, unique):
    # GIVEN a key written twice in the versioned bucket
    bucket, key = outputs["ObjectsBucket"], unique("versioned") + ".txt"
    first_text, second_text = "first version\nhas two lines\n", "second version\n"
    first = put(clients, bucket, key, first_text.encode())
    second = put(clients, bucket, key, second_text.encode())
    assert first != second

    # WHEN the function reads the first version by id, and the key without one
    older = invoke(clients.lambda_, outputs["PlainLinesArn"], {"key": key, "version_id": first}).payload
    latest = invoke(clients.lambda_, outputs["PlainLinesArn"], {"key": key}).payload

    # THEN the version id selects the older content; no id gives the latest
    assert older == {**line_summary(first_text), "size": len(first_text), "tail": ""}
    assert latest == {**line_summary(second_text), "size": len(second_text), "tail": ""}
