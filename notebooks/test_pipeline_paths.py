"""Runs the notebooks' path rules (pipeline_paths.py) on sample object keys, without Spark.

Run with: python3 notebooks/test_pipeline_paths.py
"""
import importlib.util
import os
import unittest
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
PATHS = {}
with open(os.path.join(HERE, "pipeline_paths.py"), encoding="utf-8") as f:
    exec(compile(f.read(), "pipeline_paths.py", "exec"), PATHS)  # noqa: S102 - the notebook is the module under test

BUCKET, USER = "user-0affd9571f39-bucket", "0affd9571f39"

# What the S3 sink wrote for a topic with two partitions (keys as in `aws s3 ls --recursive`).
SAMPLE_KEYS = [
    "topics/0affd9571f39.pin/partition=0/0affd9571f39.pin+0+0000000000.json",
    "topics/0affd9571f39.pin/partition=0/0affd9571f39.pin+0+0000000001.json",
    "topics/0affd9571f39.pin/partition=1/0affd9571f39.pin+1+0000000000.json",
    "topics/0affd9571f39.pin/partition=1/0affd9571f39.pin+1+0000000001.json",
]


def listing(keys, folder):
    """The names dbutils.fs.ls returns for a folder holding these keys: its direct children."""
    names = set()
    for key in keys:
        if key.startswith(folder):
            head, _, rest = key[len(folder):].partition("/")
            names.add(head + "/" if rest else head)
    return sorted(names)


class TopicFolders(unittest.TestCase):
    def test_every_partition_is_read(self):
        topic = PATHS["topic_folder"](BUCKET, USER, "pin")
        self.assertEqual(topic, "s3a://user-0affd9571f39-bucket/topics/0affd9571f39.pin/")
        names = listing(SAMPLE_KEYS, "topics/0affd9571f39.pin/")
        self.assertEqual(names, ["partition=0/", "partition=1/"])
        folders = PATHS["partition_folders"](topic, names)
        self.assertEqual(len(folders), 2)
        for key in SAMPLE_KEYS:
            url = f"s3a://{BUCKET}/{key}"
            self.assertTrue(any(url.startswith(folder) for folder in folders), f"{key} is read")

    def test_partitions_in_numeric_order_and_nothing_else(self):
        folders = PATHS["partition_folders"]("s3a://b/topics/u.geo/", ["partition=10/", "partition=2/", "_SUCCESS", "tmp/"])
        self.assertEqual(folders, ["s3a://b/topics/u.geo/partition=2/", "s3a://b/topics/u.geo/partition=10/"])

    def test_no_input_yet(self):
        folders = {kind: PATHS["partition_folders"](PATHS["topic_folder"](BUCKET, USER, kind),
                                                    listing(SAMPLE_KEYS, f"topics/{USER}.{kind}/"))
                   for kind in PATHS["RECORD_KINDS"]}
        self.assertEqual(len(folders["pin"]), 2)
        missing = PATHS["missing_topics"](folders)
        self.assertEqual(missing, ["geo", "user"])
        message = PATHS["no_input_message"](missing, BUCKET, USER)
        self.assertTrue(message.startswith("no input yet"))
        self.assertIn("topics/0affd9571f39.geo/", message)
        self.assertIn("topics/0affd9571f39.user/", message)
        self.assertEqual(PATHS["missing_topics"]({"pin": ["x"], "geo": ["y"], "user": ["z"]}), [])

    def test_missing_folder_errors(self):
        self.assertTrue(PATHS["is_not_found"]("java.io.FileNotFoundException: No such file or directory s3a://b/topics/u.pin"))
        self.assertFalse(PATHS["is_not_found"]("java.nio.file.AccessDeniedException: s3a://b/topics: getFileStatus on 403"))


class Tables(unittest.TestCase):
    def test_legacy_and_unity_catalog_names(self):
        table = PATHS["table_name"]
        self.assertEqual(table(USER, "pin_table"), "0affd9571f39_pin_table")
        self.assertEqual(table(USER, "pin_table", "main", "pinterest"), "`main`.`pinterest`.`0affd9571f39_pin_table`")
        with self.assertRaises(ValueError):
            table(USER, "pin_table", "main", "")


class Checkpoints(unittest.TestCase):
    ROOT = "/Volumes/main/pinterest/checkpoints/0affd9571f39"

    def test_a_recreated_stream_gets_a_new_checkpoint(self):
        location = PATHS["checkpoint_location"]
        first = datetime(2026, 12, 1, 9, 30, 0, tzinfo=timezone.utc)
        again = first + timedelta(hours=2)
        a = location(self.ROOT, "streaming-0affd9571f39-pin", first)
        self.assertEqual(a, self.ROOT + "/streaming-0affd9571f39-pin/20261201T093000000000Z")
        self.assertEqual(a, location(self.ROOT + "/", "streaming-0affd9571f39-pin", first), "the same generation, the same checkpoint")
        self.assertNotEqual(a, location(self.ROOT, "streaming-0affd9571f39-pin", again))
        self.assertNotEqual(a, location(self.ROOT, "streaming-0affd9571f39-geo", first), "one checkpoint per stream")

    def test_times_are_normalised_to_utc(self):
        location = PATHS["checkpoint_location"]
        utc = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
        paris = utc.astimezone(timezone(timedelta(hours=1)))
        self.assertEqual(location("dbfs:/p/u/checkpoints", "s", utc), location("dbfs:/p/u/checkpoints", "s", paris))

    def test_bad_roots_are_refused(self):
        location = PATHS["checkpoint_location"]
        now = datetime(2026, 12, 1, tzinfo=timezone.utc)
        for root in ("", "/tmp/checkpoints", "/Volumes/main/checkpoints"):
            with self.assertRaises(ValueError, msg=root):
                location(root, "s", now)
        with self.assertRaises(ValueError):
            location("dbfs:/p", "s", None)

    @unittest.skipUnless(importlib.util.find_spec("moto") and importlib.util.find_spec("boto3"), "moto and boto3 are not installed")
    def test_with_the_kinesis_api(self):
        # The notebook asks DescribeStreamSummary for StreamCreationTimestamp; moto answers like Kinesis.
        import boto3
        from moto import mock_aws
        with mock_aws():
            kinesis = boto3.client("kinesis", region_name="us-east-1")
            name = "streaming-0affd9571f39-pin"

            def created():
                kinesis.create_stream(StreamName=name, ShardCount=1)
                return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamCreationTimestamp"]

            first = PATHS["checkpoint_location"](self.ROOT, name, created())
            kinesis.delete_stream(StreamName=name)
            second = PATHS["checkpoint_location"](self.ROOT, name, created())
            self.assertNotEqual(first, second, "the recreated stream does not reuse the old checkpoint")


if __name__ == "__main__":
    unittest.main()
