# Databricks notebook source
# Batch processing: reads what the S3 sink wrote for the three topics (every partition), cleans
# it as the course specified, answers the course's eight questions and saves every result as a
# table. The cluster reads the bucket through its instance profile: no access keys anywhere.

# COMMAND ----------

# MAGIC %run ./cleaning

# COMMAND ----------

# MAGIC %run ./pipeline_paths

# COMMAND ----------

from pyspark.sql import Window
from pyspark.sql import functions as F

dbutils.widgets.text("user_id", "")  # noqa: F821 (dbutils is Databricks' global)
dbutils.widgets.text("bucket", "")  # noqa: F821
dbutils.widgets.text("catalog", "")  # noqa: F821
dbutils.widgets.text("schema", "")  # noqa: F821
USER_ID = dbutils.widgets.get("user_id")  # noqa: F821
BUCKET = dbutils.widgets.get("bucket")  # noqa: F821
CATALOG = dbutils.widgets.get("catalog")  # noqa: F821
SCHEMA = dbutils.widgets.get("schema")  # noqa: F821
if not USER_ID or not BUCKET:
    raise ValueError("set the user_id and bucket parameters (the job passes them)")


def listing(path):
    """The names in a folder, or none when nothing was ever written there."""
    try:
        return [f.name for f in dbutils.fs.ls(path)]  # noqa: F821
    except Exception as e:  # dbutils raises a wrapped java.io.FileNotFoundException
        if is_not_found(str(e)):  # noqa: F821 (from ./pipeline_paths)
            return []
        raise


FOLDERS = {kind: partition_folders(topic_folder(BUCKET, USER_ID, kind), listing(topic_folder(BUCKET, USER_ID, kind)))  # noqa: F821
           for kind in RECORD_KINDS}  # noqa: F821
MISSING = missing_topics(FOLDERS)  # noqa: F821
if MISSING:
    # The DAG is unpaused from the start, so its first runs usually find no data: they end
    # successfully (no retry, no further cluster) with this message as the run's output
    # (dbutils.notebook.exit, "Run a Databricks notebook from another notebook").
    dbutils.notebook.exit(no_input_message(MISSING, BUCKET, USER_ID))  # noqa: F821

# COMMAND ----------


def read_topic(kind):
    return spark.read.json(FOLDERS[kind])  # noqa: F821


df_pin = clean_pin(read_topic("pin"))  # noqa: F821 (from ./cleaning)
df_geo = clean_geo(read_topic("geo"))  # noqa: F821
df_user = clean_user(read_topic("user"))  # noqa: F821


def save(df, name):
    df.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name(USER_ID, name, CATALOG, SCHEMA))  # noqa: F821


save(df_pin, "pin_clean")
save(df_geo, "geo_clean")
save(df_user, "user_clean")

# COMMAND ----------

# 1. The most popular category in each country.
pin_geo = df_pin.join(df_geo, "ind")
by_country = pin_geo.groupBy("country", "category").agg(F.count("*").alias("category_count"))
rank = F.rank().over(Window.partitionBy("country").orderBy(F.desc("category_count")))
save(by_country.withColumn("rank", rank).filter("rank = 1").select("country", "category", "category_count"),
     "q1_popular_category_by_country")

# 2. The most popular category each year, 2018 to 2022.
by_year = (pin_geo.withColumn("post_year", F.year("timestamp")).filter(F.col("post_year").between(2018, 2022))
           .groupBy("post_year", "category").agg(F.count("*").alias("category_count")))
rank = F.rank().over(Window.partitionBy("post_year").orderBy(F.desc("category_count")))
save(by_year.withColumn("rank", rank).filter("rank = 1").select("post_year", "category", "category_count"),
     "q2_popular_category_by_year")

# 3. The user with the most followers in each country, and the country of the top user.
followers = pin_geo.select("country", "poster_name", "follower_count").dropna(subset=["follower_count"])
rank = F.rank().over(Window.partitionBy("country").orderBy(F.desc("follower_count")))
top_by_country = followers.withColumn("rank", rank).filter("rank = 1").select("country", "poster_name", "follower_count")
save(top_by_country, "q3_top_user_by_country")
save(top_by_country.orderBy(F.desc("follower_count")).limit(1).select("country", "follower_count"), "q3_top_country")

# 4. The most popular category for each age group (users outside every group are left out).
pin_user = with_age_group(df_pin.join(df_user, "ind")).filter(F.col("age_group").isNotNull())  # noqa: F821
by_age = pin_user.groupBy("age_group", "category").agg(F.count("*").alias("category_count"))
rank = F.rank().over(Window.partitionBy("age_group").orderBy(F.desc("category_count")))
save(by_age.withColumn("rank", rank).filter("rank = 1").select("age_group", "category", "category_count"),
     "q4_popular_category_by_age_group")

# 5. The median follower count for each age group.
save(pin_user.groupBy("age_group").agg(F.percentile_approx("follower_count", 0.5).alias("median_follower_count")),
     "q5_median_followers_by_age_group")

# 6. How many users joined each year, 2015 to 2020.
joined = df_user.withColumn("post_year", F.year("date_joined")).filter(F.col("post_year").between(2015, 2020))
save(joined.groupBy("post_year").agg(F.count("*").alias("number_users_joined")), "q6_users_joined_by_year")

# 7. The median follower count of users by the year they joined, 2015 to 2020.
pin_joined = with_age_group(df_pin.join(joined, "ind"))  # noqa: F821
save(pin_joined.groupBy("post_year").agg(F.percentile_approx("follower_count", 0.5).alias("median_follower_count")),
     "q7_median_followers_by_join_year")

# 8. The median follower count by joining year and age group.
save(pin_joined.filter(F.col("age_group").isNotNull()).groupBy("age_group", "post_year")
     .agg(F.percentile_approx("follower_count", 0.5).alias("median_follower_count")),
     "q8_median_followers_by_age_group_and_join_year")
