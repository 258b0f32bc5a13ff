# Databricks notebook source
# Cleaning rules for the Pinterest records, as the course specified them. Plain Python on
# purpose: the Spark cleaning in ./cleaning applies exactly these tables, and the tests in
# this repository run the reference functions below on sample records without Spark.

# Values that mean "no data", per column of the pin records.
PIN_PLACEHOLDERS = {
    "description": ["No description available Story format", "No description available", "Untitled"],
    "follower_count": ["User Info Error"],
    "image_src": ["Image src error."],
    "poster_name": ["User Info Error"],
    "tag_list": ["N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"],
    "title": ["No Title Data Available"],
}

# Follower counts are strings such as "437", "51k" or "1M".
FOLLOWER_PATTERN = r"^([0-9]+)([kM]?)$"
FOLLOWER_MULTIPLIERS = {"": 1, "k": 1000, "M": 1000000}

SAVE_LOCATION_PREFIX = "Local save in "

PIN_COLUMNS = ["ind", "unique_id", "title", "description", "follower_count", "poster_name",
               "tag_list", "is_image_or_video", "image_src", "save_location", "category"]
GEO_COLUMNS = ["ind", "country", "coordinates", "timestamp"]
USER_COLUMNS = ["ind", "user_name", "age", "date_joined"]

# The course's age groups: (label, first age, last age or None for open-ended).
AGE_GROUPS = [("18-24", 18, 24), ("25-35", 25, 35), ("36-50", 36, 50), ("+50", 51, None)]

TIMESTAMP_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]


def follower_count_to_int(value):
    """Returns the follower count as an int, or None when the value holds no count."""
    import re
    if value is None:
        return None
    if isinstance(value, int):
        return value
    match = re.match(FOLLOWER_PATTERN, str(value).strip())
    if not match:
        return None
    return int(match.group(1)) * FOLLOWER_MULTIPLIERS[match.group(2)]


def null_if_placeholder(column, value):
    """Returns None for empty values and for the column's placeholders."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if value in PIN_PLACEHOLDERS.get(column, []):
        return None
    return value


def parse_timestamp(value):
    """Parses the two datetime forms the emulators send (str(datetime) and isoformat)."""
    from datetime import datetime
    if value is None:
        return None
    for fmt in TIMESTAMP_FORMATS:
        try:
            return datetime.strptime(str(value), fmt)
        except ValueError:
            continue
    return None


def age_group(age):
    """Returns the course's age-group label for an age, or None outside every group."""
    if age is None:
        return None
    for label, first, last in AGE_GROUPS:
        if age >= first and (last is None or age <= last):
            return label
    return None


def clean_pin_record(record):
    """The reference cleaning of one pin record, column for column what clean_pin does in Spark."""
    row = {column: null_if_placeholder(column, value) for column, value in record.items()}
    row["follower_count"] = follower_count_to_int(row.get("follower_count"))
    location = row.get("save_location")
    if isinstance(location, str) and location.startswith(SAVE_LOCATION_PREFIX):
        row["save_location"] = location[len(SAVE_LOCATION_PREFIX):]
    row["ind"] = int(row["index"]) if row.get("index") is not None else None
    return {column: row.get(column) for column in PIN_COLUMNS}


def clean_geo_record(record):
    """The reference cleaning of one geolocation record."""
    return {
        "ind": record.get("ind"),
        "country": record.get("country"),
        "coordinates": [record.get("latitude"), record.get("longitude")],
        "timestamp": parse_timestamp(record.get("timestamp")),
    }


def clean_user_record(record):
    """The reference cleaning of one user record."""
    names = [record.get("first_name"), record.get("last_name")]
    return {
        "ind": record.get("ind"),
        "user_name": " ".join(name for name in names if name),
        "age": record.get("age"),
        "date_joined": parse_timestamp(record.get("date_joined")),
    }
