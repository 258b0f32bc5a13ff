# Databricks notebook source
# Stream processing: reads each Kinesis stream, parses the records with the course's schemas,
# cleans them with the batch notebook's cleaning and appends them to <userId>_<kind>_table.
# Each stream has its own checkpoint, so reruns continue where they stopped. The cluster
# reads Kinesis through its instance profile: no access keys anywhere.

# COMMAND ----------

# MAGIC %run ./cleaning

# COMMAND ----------

from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

dbutils.widgets.text("user_id", "")  # noqa: F821
dbutils.widgets.text("region", "us-east-1")  # noqa: F821
dbutils.widgets.text("checkpoint_root", "")  # noqa: F821
dbutils.widgets.dropdown("mode", "available_now", ["available_now", "continuous"])  # noqa: F821
USER_ID = dbutils.widgets.get("user_id")  # noqa: F821
REGION = dbutils.widgets.get("region")  # noqa: F821
CHECKPOINT_ROOT = dbutils.widgets.get("checkpoint_root") or f"dbfs:/pinterest-pipeline/{USER_ID}/checkpoints"  # noqa: F821
MODE = dbutils.widgets.get("mode")  # noqa: F821
if not USER_ID:
    raise ValueError("set the user_id parameter (the job passes it)")


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

queries = []
for kind, schema in SCHEMAS.items():
    raw = (spark.readStream.format("kinesis")  # noqa: F821
           .option("streamName", f"streaming-{USER_ID}-{kind}")
           .option("region", REGION)
           .option("initialPosition", "earliest")
           .load())
    parsed = raw.select(F.from_json(F.col("data").cast("string"), schema).alias("record")).select("record.*")
    # Streams never deduplicate without a watermark, so the streaming cleaning skips that step.
    cleaned = CLEAN[kind](parsed, deduplicate=False)
    writer = (cleaned.writeStream.format("delta").outputMode("append")
              .option("checkpointLocation", f"{CHECKPOINT_ROOT}/{kind}"))
    writer = writer.trigger(availableNow=True) if MODE == "available_now" else writer
    queries.append(writer.toTable(f"{USER_ID}_{kind}_table"))

for query in queries:
    query.awaitTermination()
