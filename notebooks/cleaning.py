# Databricks notebook source
# Spark cleaning of the three record kinds, shared by the batch and the streaming notebooks
# (each runs this notebook with %run). The rules themselves live in ./cleaning_rules.

# COMMAND ----------

# MAGIC %run ./cleaning_rules

# COMMAND ----------

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def _null_placeholders(df: DataFrame) -> DataFrame:
    """Blank strings become null in every string column, and each column's placeholders too,
    exactly as null_if_placeholder does in ./cleaning_rules."""
    string_columns = [f.name for f in df.schema.fields if f.dataType.typeName() == "string"]
    for column in string_columns:
        value = F.col(column)
        empty = F.trim(value) == ""
        placeholders = PIN_PLACEHOLDERS.get(column, [])  # noqa: F821 (from cleaning_rules)
        condition = (empty | value.isin(placeholders)) if placeholders else empty
        df = df.withColumn(column, F.when(condition, None).otherwise(value))
    return df


def _follower_count(column: str):
    value = F.trim(F.col(column))
    digits = F.regexp_extract(value, FOLLOWER_PATTERN, 1)  # noqa: F821
    suffix = F.regexp_extract(value, FOLLOWER_PATTERN, 2)  # noqa: F821
    multiplier = F.when(suffix == "k", F.lit(1000)).when(suffix == "M", F.lit(1000000)).otherwise(F.lit(1))
    return F.when(value.rlike(FOLLOWER_PATTERN), digits.cast("long") * multiplier).cast("int")  # noqa: F821


def clean_pin(df: DataFrame, deduplicate: bool = True) -> DataFrame:
    """Nulls placeholders, turns follower counts into ints, keeps save_location's path, renames index."""
    if deduplicate:
        df = df.dropDuplicates()
    df = _null_placeholders(df)
    df = df.withColumn("follower_count", _follower_count("follower_count"))
    df = df.withColumn("save_location", F.regexp_replace("save_location", "^" + SAVE_LOCATION_PREFIX, ""))  # noqa: F821
    df = df.withColumnRenamed("index", "ind").withColumn("ind", F.col("ind").cast("int"))
    return df.select(*PIN_COLUMNS)  # noqa: F821


def clean_geo(df: DataFrame, deduplicate: bool = True) -> DataFrame:
    """Joins latitude and longitude into coordinates and parses the timestamp."""
    if deduplicate:
        df = df.dropDuplicates()
    df = df.withColumn("coordinates", F.array("latitude", "longitude")).drop("latitude", "longitude")
    df = df.withColumn("timestamp", F.to_timestamp("timestamp"))
    return df.select(*GEO_COLUMNS)  # noqa: F821


def clean_user(df: DataFrame, deduplicate: bool = True) -> DataFrame:
    """Joins first and last names into user_name and parses date_joined."""
    if deduplicate:
        df = df.dropDuplicates()
    df = df.withColumn("user_name", F.concat_ws(" ", "first_name", "last_name")).drop("first_name", "last_name")
    df = df.withColumn("date_joined", F.to_timestamp("date_joined"))
    return df.select(*USER_COLUMNS)  # noqa: F821


def with_age_group(df: DataFrame) -> DataFrame:
    """Adds the course's age_group column."""
    group = None
    for label, first, last in AGE_GROUPS:  # noqa: F821
        condition = F.col("age") >= first if last is None else F.col("age").between(first, last)
        group = F.when(condition, label) if group is None else group.when(condition, label)
    return df.withColumn("age_group", group)
