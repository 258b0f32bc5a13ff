# Databricks notebook source
# Stream processing: reads each Kinesis stream, parses the records with the course's schemas,
# cleans them with the batch notebook's cleaning and appends them to <userId>_<kind>_table.
# Each run processes what the streams hold and stops (availableNow); the job runs on a schedule
# well inside the streams' retention. Each generation of each stream has its own checkpoint,
# so reruns continue where they stopped and a recreated stream starts afresh. The cluster
# reads Kinesis through its instance profile: no access keys anywhere.

# COMMAND ----------

# MAGIC %run ./cleaning

# COMMAND ----------

# MAGIC %run ./pipeline_paths

# COMMAND ----------

import boto3
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

dbutils.widgets.text("user_id", "")  # noqa: F821
dbutils.widgets.text("region", "")  # noqa: F821
dbutils.widgets.text("checkpoint_root", "")  # noqa: F821
dbutils.widgets.text("catalog", "")  # noqa: F821
dbutils.widgets.text("schema", "")  # noqa: F821
USER_ID = dbutils.widgets.get("user_id")  # noqa: F821
REGION = dbutils.widgets.get("region")  # noqa: F821
CHECKPOINT_ROOT = dbutils.widgets.get("checkpoint_root")  # noqa: F821
CATALOG = dbutils.widgets.get("catalog")  # noqa: F821
SCHEMA = dbutils.widgets.get("schema")  # noqa: F821
if not USER_ID or not REGION or not CHECKPOINT_ROOT:
    raise ValueError("set the user_id, region and checkpoint_root parameters (the job passes them)")


def fields(*pairs):
    return StructType([StructField(name, kind(), True) for name, kind in pairs])


SCHEMAS = {
    "pin": fields(("index", LongType), ("unique_id", StringType), ("title", StringType), ("description", StringType),
                  ("poster_name", StringType), ("follower_count", StringType), ("tag_list", StringType),
                  ("is_image_or_video", StringType), ("image_src", StringType), ("downloaded", LongType),
                  ("save_location", StringType), ("category", StringType)),
    "geo": fields(("ind", LongType), ("timestamp", StringType), ("latitude", DoubleType), ("longitude", DoubleType),
                  ("country", StringType)),
    "user": fields(("ind", LongType), ("first_name", StringType), ("last_name", StringType), ("age", LongType),
                   ("date_joined", StringType)),
}
CLEAN = {"pin": clean_pin, "geo": clean_geo, "user": clean_user}  # noqa: F821 (from ./cleaning)

# COMMAND ----------

# The instance profile allows kinesis:DescribeStreamSummary, whose StreamCreationTimestamp ("the
# approximate time that the stream was created", Kinesis Data Streams API Reference) tells one
# generation of a stream from the next; read at run time, it also catches streams deleted and
# recreated through the API, which a value fixed at `pulumi up` would miss.
kinesis = boto3.client("kinesis", region_name=REGION)
queries = []
for kind, schema in SCHEMAS.items():
    name = f"streaming-{USER_ID}-{kind}"
    created = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamCreationTimestamp"]
    checkpoint = checkpoint_location(CHECKPOINT_ROOT, name, created)  # noqa: F821 (from ./pipeline_paths)
    raw = (spark.readStream.format("kinesis")  # noqa: F821
           .option("streamName", name)
           .option("region", REGION)
           .option("initialPosition", "earliest")
           .load())
    parsed = raw.select(F.from_json(F.col("data").cast("string"), schema).alias("record")).select("record.*")
    # Streams never deduplicate without a watermark, so the streaming cleaning skips that step.
    cleaned = CLEAN[kind](parsed, deduplicate=False)
    writer = (cleaned.writeStream.format("delta").outputMode("append")
              .option("checkpointLocation", checkpoint)
              .trigger(availableNow=True))
    queries.append(writer.toTable(table_name(USER_ID, f"{kind}_table", CATALOG, SCHEMA)))  # noqa: F821

for query in queries:
    query.awaitTermination()
