# Databricks notebook source
# Where the notebooks read and write: the S3 sink's topic folders, the tables and the stream
# checkpoints. Plain Python on purpose, like ./cleaning_rules: the tests in this repository run
# these functions on sample object keys and stream descriptions without Spark or a workspace.

import re
from datetime import timezone

RECORD_KINDS = ["pin", "geo", "user"]

# The Confluent S3 sink's default partitioner writes
# topics/<topic>/partition=<kafka partition>/<topic>+<partition>+<start offset>.json
# (Confluent "Amazon S3 Sink Connector for Confluent Platform", partitioners), one folder per
# Kafka partition: prod topics have three, so the batch reads every partition folder.
PARTITION_FOLDER = re.compile(r"^partition=(\d+)/?$")

# Checkpoints live on the DBFS root (legacy workspaces), in a Unity Catalog volume, or on S3.
CHECKPOINT_ROOTS = re.compile(r"^(dbfs:/|/Volumes/[^/]+/[^/]+/[^/]+/|s3a?://)")


def topic_folder(bucket, user_id, kind):
    """The folder the S3 sink writes one topic to."""
    return f"s3a://{bucket}/topics/{user_id}.{kind}/"


def partition_folders(topic_path, names):
    """The topic's partition folders, in partition order, from the names a listing of the topic
    folder returned (dbutils.fs.ls names folders "partition=0/"); anything else is ignored."""
    found = []
    for name in names:
        match = PARTITION_FOLDER.match(name)
        if match:
            found.append((int(match.group(1)), name.rstrip("/")))
    return [f"{topic_path}{name}/" for _, name in sorted(found)]


def is_not_found(error_text):
    """Whether a listing failed only because the folder does not exist yet (nothing was written)."""
    return "FileNotFoundException" in error_text or "No such file or directory" in error_text


def missing_topics(folders_by_kind):
    """The record kinds that have no partition folder yet, sorted."""
    return sorted(kind for kind, folders in folders_by_kind.items() if not folders)


def no_input_message(missing, bucket, user_id):
    """What the batch run reports when it exits early because a topic has no data yet."""
    where = ", ".join(topic_folder(bucket, user_id, kind) for kind in missing)
    return (f"no input yet: nothing under {where}; send records through the API first. "
            "The run ends successfully and the next scheduled run tries again.")


def table_name(user_id, name, catalog="", schema=""):
    """The table <userId>_<name>: unqualified (the workspace's default, hive_metastore on legacy
    workspaces) or, with a Unity Catalog catalog and schema, fully qualified."""
    base = f"{user_id}_{name}"
    if not catalog and not schema:
        return base
    if not catalog or not schema:
        raise ValueError("set both the catalog and the schema parameters, or neither")
    return f"`{catalog}`.`{schema}`.`{base}`"


def stream_generation(created):
    """One generation of a stream: its creation time in UTC. A stream deleted and created again
    under the same name (pulumi destroy then up, or the API's DELETE and POST) gets a new one."""
    if created is None:
        raise ValueError("the stream has no creation time")
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def checkpoint_location(root, stream_name, created):
    """The checkpoint of one generation of one stream. Databricks cannot restart a query from a
    checkpoint of a deleted and recreated Kinesis stream ("Connect to Amazon Kinesis"), so each
    generation gets its own folder and a recreated stream starts from scratch."""
    if not root or not CHECKPOINT_ROOTS.match(root):
        raise ValueError(f"checkpoint_root {root!r} is not a dbfs:/, /Volumes/<catalog>/<schema>/<volume>/ or s3:// path")
    if not stream_name:
        raise ValueError("the stream name is empty")
    return f"{root.rstrip('/')}/{stream_name}/{stream_generation(created)}"
