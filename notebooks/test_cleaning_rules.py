"""Runs the course's cleaning rules (cleaning_rules.py) on sample records, without Spark.

Run with: python3 notebooks/test_cleaning_rules.py
"""
import os
import unittest
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = {}
with open(os.path.join(HERE, "cleaning_rules.py"), encoding="utf-8") as f:
    exec(compile(f.read(), "cleaning_rules.py", "exec"), RULES)  # noqa: S102 - the notebook is the module under test

DIRTY_PIN = {
    "index": 7528, "unique_id": "fbe53c66-3442-4773-b19e-d3ec6f54dddf", "title": "No Title Data Available",
    "description": "No description available Story format", "poster_name": "User Info Error",
    "follower_count": "User Info Error", "tag_list": "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
    "is_image_or_video": "multi-video(story page format)", "image_src": "Image src error.", "downloaded": 0,
    "save_location": "Local save in /data/mens-fashion", "category": "mens-fashion",
}
CLEAN_PIN = {
    "index": 10794, "unique_id": "c4bd2577-a7bb-4409-bb7a-17d5ed7e1cf1", "title": "TireBuyer",
    "description": "Nissan GT-R. Sick.", "poster_name": "Ray Uyemura", "follower_count": "51k",
    "tag_list": "Lowrider,Old Vintage Cars", "is_image_or_video": "image",
    "image_src": "https://i.pinimg.com/originals/0d/29/9f/0d299f3df020395aa7ce8387f40fbeed.jpg",
    "downloaded": 1, "save_location": "Local save in /data/vehicles", "category": "vehicles",
}


class CleaningRules(unittest.TestCase):
    def test_follower_counts(self):
        f = RULES["follower_count_to_int"]
        self.assertEqual(f("437"), 437)
        self.assertEqual(f("51k"), 51000)
        self.assertEqual(f("1M"), 1000000)
        self.assertIsNone(f("User Info Error"))
        self.assertIsNone(f(None))
        self.assertIsNone(f("1.5k"))

    def test_dirty_pin(self):
        row = RULES["clean_pin_record"](DIRTY_PIN)
        self.assertEqual(list(row), RULES["PIN_COLUMNS"], "the course's column order, index renamed ind")
        for column in ("title", "description", "poster_name", "follower_count", "tag_list", "image_src"):
            self.assertIsNone(row[column], column)
        self.assertEqual(row["ind"], 7528)
        self.assertEqual(row["save_location"], "/data/mens-fashion")
        self.assertNotIn("downloaded", row)

    def test_clean_pin_keeps_values(self):
        row = RULES["clean_pin_record"](CLEAN_PIN)
        self.assertEqual(row["follower_count"], 51000)
        self.assertEqual(row["title"], "TireBuyer")
        self.assertEqual(row["save_location"], "/data/vehicles")

    def test_empty_strings_become_null(self):
        row = RULES["clean_pin_record"](dict(CLEAN_PIN, title=" ", description=""))
        self.assertIsNone(row["title"])
        self.assertIsNone(row["description"])

    def test_geo(self):
        row = RULES["clean_geo_record"]({"ind": 7528, "timestamp": "2020-08-28 03:52:47", "latitude": -89.9787,
                                          "longitude": -173.293, "country": "Albania"})
        self.assertEqual(list(row), RULES["GEO_COLUMNS"])
        self.assertEqual(row["coordinates"], [-89.9787, -173.293])
        self.assertEqual(row["timestamp"], datetime(2020, 8, 28, 3, 52, 47))
        iso = RULES["clean_geo_record"]({"ind": 1, "timestamp": "2020-08-28T03:52:47"})
        self.assertEqual(iso["timestamp"], datetime(2020, 8, 28, 3, 52, 47), "isoformat too")

    def test_user(self):
        row = RULES["clean_user_record"]({"ind": 7528, "first_name": "Abigail", "last_name": "Ali", "age": 20,
                                           "date_joined": "2015-10-24 11:23:51"})
        self.assertEqual(list(row), RULES["USER_COLUMNS"])
        self.assertEqual(row["user_name"], "Abigail Ali")
        self.assertEqual(row["date_joined"], datetime(2015, 10, 24, 11, 23, 51))

    def test_age_groups(self):
        g = RULES["age_group"]
        self.assertEqual([g(a) for a in (18, 24, 25, 35, 36, 50, 51, 90)],
                         ["18-24", "18-24", "25-35", "25-35", "36-50", "36-50", "+50", "+50"])
        self.assertIsNone(g(17))


if __name__ == "__main__":
    unittest.main()
