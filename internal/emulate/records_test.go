package emulate

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// jsonKind is a JSON value's type as Spark's schemas in the course name it.
type jsonKind string

const (
	jsonString jsonKind = "string"
	jsonLong   jsonKind = "long"
	jsonDouble jsonKind = "double"
)

type field struct {
	name string
	kind jsonKind
}

// courseSchemas are the stream-side Spark schemas of pipeline-reference §1.2, in column order.
var courseSchemas = map[string][]field{
	"pin": {{"index", jsonLong}, {"unique_id", jsonString}, {"title", jsonString}, {"description", jsonString},
		{"poster_name", jsonString}, {"follower_count", jsonString}, {"tag_list", jsonString},
		{"is_image_or_video", jsonString}, {"image_src", jsonString}, {"downloaded", jsonLong},
		{"save_location", jsonString}, {"category", jsonString}},
	"geo":  {{"ind", jsonLong}, {"timestamp", jsonString}, {"latitude", jsonDouble}, {"longitude", jsonDouble}, {"country", jsonString}},
	"user": {{"ind", jsonLong}, {"first_name", jsonString}, {"last_name", jsonString}, {"age", jsonLong}, {"date_joined", jsonString}},
}

// orderedFields decodes a JSON object keeping its key order and each value's JSON type.
func orderedFields(t *testing.T, data []byte) []field {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var fields []field
	for dec.More() {
		key, err := dec.Token()
		require.NoError(t, err)
		var v any
		require.NoError(t, dec.Decode(&v))
		kind := jsonKind("other")
		switch v := v.(type) {
		case string:
			kind = jsonString
		case json.Number:
			kind = jsonDouble
			if !strings.ContainsAny(v.String(), ".eE") {
				kind = jsonLong
			}
		}
		fields = append(fields, field{key.(string), kind})
	}
	return fields
}

func TestGeneratedRecordsHaveTheCourseFieldsInOrderWithTheirTypes(t *testing.T) {
	t.Parallel()
	gen := NewGenerator(7)
	for range 500 {
		post := gen.Next()
		recs := post.Records()
		require.Len(t, recs, len(stacks.RecordKinds))
		for i, rec := range recs {
			assert.Equal(t, stacks.RecordKinds[i], rec.Kind)
			assert.Equal(t, post.Ind, rec.Ind, "every kind of one post carries the post's index")
			data, err := json.Marshal(rec.Value)
			require.NoError(t, err)
			got := orderedFields(t, data)
			want := courseSchemas[rec.Kind]
			if rec.Kind == "geo" {
				// A coordinate can round to a whole number, which JSON writes without a point;
				// Spark still reads it as a double.
				for j := range got {
					if want[j].kind == jsonDouble && got[j].kind == jsonLong {
						got[j].kind = jsonDouble
					}
				}
			}
			assert.Equal(t, want, got, "%s record %s", rec.Kind, data)
		}
	}
}

var (
	uuidPattern          = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	followerCountPattern = regexp.MustCompile(`^(\d{1,3}|\d{1,3}k|\d+M|User Info Error)$`)
)

func TestGeneratedValuesLookLikeTheSourceTables(t *testing.T) {
	t.Parallel()
	gen := NewGenerator(11)
	for range 2000 {
		p := gen.Next()
		assert.Regexp(t, uuidPattern, p.Pin.UniqueID)
		assert.Regexp(t, followerCountPattern, p.Pin.FollowerCount)
		assert.Equal(t, "Local save in /data/"+p.Pin.Category, p.Pin.SaveLocation)
		assert.Contains(t, []string{"image", "video", StoryFormat}, p.Pin.IsImageOrVideo)
		assert.Contains(t, []int{0, 1}, p.Pin.Downloaded)
		assert.Equal(t, p.Ind, p.Pin.Index)
		assert.Equal(t, p.Ind, p.Geo.Ind)
		assert.Equal(t, p.Ind, p.User.Ind)

		ts, err := time.Parse(DatetimeLayout, p.Geo.Timestamp)
		if assert.NoError(t, err, "geo timestamp is a DATETIME string") {
			assert.True(t, ts.Year() >= 2015 && ts.Year() <= 2022, "post year %d within the queries' 2018-2022 window's surroundings", ts.Year())
		}
		joined, err := time.Parse(DatetimeLayout, p.User.DateJoined)
		if assert.NoError(t, err, "date_joined is a DATETIME string") {
			assert.True(t, joined.Year() >= 2015 && joined.Year() <= 2020, "joined in %d", joined.Year())
		}
		assert.InDelta(t, 0, p.Geo.Latitude, 90)
		assert.InDelta(t, 0, p.Geo.Longitude, 180)
		assert.GreaterOrEqual(t, p.User.Age, 18)
		assert.NotEmpty(t, p.Geo.Country)
		assert.NotEmpty(t, p.User.FirstName)
	}
}

func TestGeneratorWritesEachDirtyValueAtItsRate(t *testing.T) {
	t.Parallel()
	const posts = 20000
	r := DefaultDirtyRates
	gen := NewGenerator(3)
	counts := map[string]int{}
	for range posts {
		p := gen.Next().Pin
		count := func(name string, dirty bool) {
			if dirty {
				counts[name]++
			}
		}
		count("story", p.IsImageOrVideo == StoryFormat && p.Description == NoDescription)
		count("user info error", p.FollowerCount == UserInfoError)
		count("no title", p.Title == NoTitle)
		count("no tags", p.TagList == NoTags)
		count("image src error", p.ImageSrc == ImageSrcError)
		count("thousands", strings.HasSuffix(p.FollowerCount, "k"))
		count("millions", strings.HasSuffix(p.FollowerCount, "M"))
	}
	rate := func(name string) float64 { return float64(counts[name]) / posts }
	clean := 1 - r.Story
	// Five standard deviations at this sample size is under one percentage point.
	const tolerance = 0.01
	assert.InDelta(t, r.Story, rate("story"), tolerance)
	assert.InDelta(t, r.Story+clean*r.UserInfoError, rate("user info error"), tolerance)
	assert.InDelta(t, r.Story+clean*r.NoTitle, rate("no title"), tolerance)
	assert.InDelta(t, r.Story+clean*r.NoTags, rate("no tags"), tolerance)
	assert.InDelta(t, r.Story+clean*r.ImageSrcError, rate("image src error"), tolerance)
	// Follower counts are log-uniform over seven decades: three below 1k, three in k, one in M.
	notError := 1 - rate("user info error")
	assert.InDelta(t, notError*3/7, rate("thousands"), 0.02)
	assert.InDelta(t, notError*1/7, rate("millions"), 0.02)
}

func TestGeneratorWithZeroRatesWritesNoPlaceholders(t *testing.T) {
	t.Parallel()
	gen := NewGeneratorWithRates(5, DirtyRates{})
	for range 2000 {
		p := gen.Next().Pin
		for _, placeholder := range []string{UserInfoError, NoTitle, NoTags, ImageSrcError, NoDescription} {
			data, err := json.Marshal(p)
			require.NoError(t, err)
			assert.NotContains(t, string(data), placeholder)
		}
	}
}

func TestGeneratorIsReproducibleFromItsSeed(t *testing.T) {
	t.Parallel()
	dump := func(seed uint64) string {
		var buf bytes.Buffer
		require.NoError(t, WriteDryRun(&buf, NewGenerator(seed), 200))
		return buf.String()
	}
	assert.Equal(t, dump(42), dump(42), "the same seed gives byte-identical records")
	assert.NotEqual(t, dump(42), dump(43), "another seed gives other records")
}

func TestGeneratorNeverRepeatsAnIndex(t *testing.T) {
	t.Parallel()
	gen := NewGenerator(9)
	seen := map[int]bool{}
	for i := range 3 * courseRowCount {
		ind := gen.Next().Ind
		require.False(t, seen[ind], "index %d repeated at post %d", ind, i)
		seen[ind] = true
		if i < courseRowCount {
			assert.Less(t, ind, courseRowCount, "the first posts stay in the course's row range")
		}
	}
}

func TestDryRunWritesOneJSONLinePerRecord(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteDryRun(&buf, NewGenerator(1), 4))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 12, "4 posts × pin, geo, user")
	for i, line := range lines {
		var got struct {
			Kind  string         `json:"kind"`
			Value map[string]any `json:"value"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &got), line)
		assert.Equal(t, stacks.RecordKinds[i%3], got.Kind)
		assert.Len(t, got.Value, len(courseSchemas[got.Kind]))
	}
}
