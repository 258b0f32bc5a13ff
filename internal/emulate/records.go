package emulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Pin is one row of the course's pinterest_data table, with its MySQL column names and types.
// follower_count is a string on purpose: the source holds "437", "51k", "1M" and
// "User Info Error", and the cleaning notebook is what turns it into a number.
type Pin struct {
	Index          int    `json:"index"`
	UniqueID       string `json:"unique_id"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	PosterName     string `json:"poster_name"`
	FollowerCount  string `json:"follower_count"`
	TagList        string `json:"tag_list"`
	IsImageOrVideo string `json:"is_image_or_video"`
	ImageSrc       string `json:"image_src"`
	Downloaded     int    `json:"downloaded"`
	SaveLocation   string `json:"save_location"`
	Category       string `json:"category"`
}

// Geo is one row of geolocation_data. Timestamp is the DATETIME as the course's emulators
// serialised it with default=str ("2020-08-28 03:52:47"), so it stays a string in JSON.
type Geo struct {
	Ind       int     `json:"ind"`
	Timestamp string  `json:"timestamp"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Country   string  `json:"country"`
}

// User is one row of user_data; DateJoined is a DATETIME string like Geo.Timestamp.
type User struct {
	Ind        int    `json:"ind"`
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	Age        int    `json:"age"`
	DateJoined string `json:"date_joined"`
}

// Post is one Pinterest post: the pin, geo and user rows that share an index, as the course's
// emulator read them with the same row offset from the three tables.
type Post struct {
	Ind  int
	Pin  Pin
	Geo  Geo
	User User
}

// Record is one row of one kind, ready to be sent to a topic or stream.
type Record struct {
	// Kind is one of stacks.RecordKinds.
	Kind string
	// Ind is the post index the row belongs to; the stream partition key for every kind.
	Ind int
	// Value is the row (Pin, Geo or User), marshalled as the record's JSON value.
	Value any
}

// Records returns the post's rows in the order of stacks.RecordKinds (pin, geo, user).
func (p Post) Records() []Record {
	return []Record{
		{Kind: "pin", Ind: p.Ind, Value: p.Pin},
		{Kind: "geo", Ind: p.Ind, Value: p.Geo},
		{Kind: "user", Ind: p.Ind, Value: p.User},
	}
}

// The placeholder values the source database holds where data is missing. The course's
// cleaning step replaces exactly these strings, so the emulator must produce them verbatim.
const (
	UserInfoError      = "User Info Error"
	NoTitle            = "No Title Data Available"
	NoDescription      = "No description available Story format"
	NoTags             = "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"
	ImageSrcError      = "Image src error."
	StoryFormat        = "multi-video(story page format)"
	SaveLocationPrefix = "Local save in /data/"
	DatetimeLayout     = "2006-01-02 15:04:05"
	courseRowCount     = 11154 // the source tables' row count: the emulators stop after offset 11153
	firstTimestampYear = 2015
	lastTimestampYear  = 2022
	firstJoinedYear    = 2015
	lastJoinedYear     = 2017
)

// DirtyRates are the probabilities with which the generator writes each placeholder.
// Story is the rate of whole "story format" rows, where every pin field is a placeholder at
// once (the dirty sample every course README shows); the other rates apply independently to
// the remaining rows, one field each.
type DirtyRates struct {
	Story         float64
	UserInfoError float64
	NoTitle       float64
	NoTags        float64
	ImageSrcError float64
}

// DefaultDirtyRates give the cleaning step something to do in every batch of a hundred rows
// without drowning the queries' answers.
var DefaultDirtyRates = DirtyRates{
	Story:         0.05,
	UserInfoError: 0.03,
	NoTitle:       0.03,
	NoTags:        0.04,
	ImageSrcError: 0.02,
}

// Generator makes posts from a seed: the same seed always yields the same sequence.
type Generator struct {
	rng   *rand.Rand
	rates DirtyRates
	next  int
	// step and offset permute the course's row range so that indices look drawn at random, as
	// in the course, yet never repeat within a run: every record stays countable downstream.
	step, offset int
}

// NewGenerator returns a generator seeded with seed, using DefaultDirtyRates.
func NewGenerator(seed uint64) *Generator {
	return NewGeneratorWithRates(seed, DefaultDirtyRates)
}

// NewGeneratorWithRates returns a generator seeded with seed and the given placeholder rates.
func NewGeneratorWithRates(seed uint64, rates DirtyRates) *Generator {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	step := 1 + rng.IntN(courseRowCount-1)
	for gcd(step, courseRowCount) != 1 {
		step++
	}
	return &Generator{rng: rng, rates: rates, step: step, offset: rng.IntN(courseRowCount)}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Next returns the next post. Its index is unique within the generator's sequence: the first
// 11154 lie in the course's row range, later ones continue above it.
func (g *Generator) Next() Post {
	n := g.next
	g.next++
	ind := (n/courseRowCount)*courseRowCount + (g.offset+n%courseRowCount*g.step)%courseRowCount
	return Post{Ind: ind, Pin: g.pin(ind), Geo: g.geo(ind), User: g.user(ind)}
}

func (g *Generator) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *Generator, from []T) T { return from[g.rng.IntN(len(from))] }

func (g *Generator) pin(ind int) Pin {
	category := pick(g, categories)
	p := Pin{
		Index:          ind,
		UniqueID:       g.uuid(),
		Title:          g.title(category),
		Description:    g.description(category),
		PosterName:     pick(g, firstNames) + " " + pick(g, lastNames),
		FollowerCount:  g.followerCount(),
		TagList:        g.tagList(category),
		IsImageOrVideo: g.mediaType(),
		ImageSrc:       g.imageSrc(),
		Downloaded:     1,
		SaveLocation:   SaveLocationPrefix + category,
		Category:       category,
	}
	if g.chance(g.rates.Story) {
		p.Title, p.Description, p.PosterName, p.FollowerCount = NoTitle, NoDescription, UserInfoError, UserInfoError
		p.TagList, p.IsImageOrVideo, p.ImageSrc, p.Downloaded = NoTags, StoryFormat, ImageSrcError, 0
		return p
	}
	if g.chance(g.rates.UserInfoError) {
		p.PosterName, p.FollowerCount = UserInfoError, UserInfoError
	}
	if g.chance(g.rates.NoTitle) {
		p.Title = NoTitle
	}
	if g.chance(g.rates.NoTags) {
		p.TagList = NoTags
	}
	if g.chance(g.rates.ImageSrcError) {
		p.ImageSrc, p.Downloaded = ImageSrcError, 0
	}
	return p
}

// followerCount is log-uniform from 1 to 10 million, written as Pinterest shows it:
// "437" below a thousand, "51k" below a million, "1M" above.
func (g *Generator) followerCount() string {
	n := int(math.Pow(10, g.rng.Float64()*7))
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 1_000_000:
		return fmt.Sprintf("%dk", n/1000)
	default:
		return fmt.Sprintf("%dM", n/1_000_000)
	}
}

func (g *Generator) uuid() string {
	hi, lo := g.rng.Uint64(), g.rng.Uint64()
	hi = hi&^0xf000 | 0x4000           // version 4
	lo = lo&^(0xc000<<48) | 0x8000<<48 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

func (g *Generator) title(category string) string {
	return pick(g, titleOpeners) + " " + pick(g, categoryNouns[category])
}

func (g *Generator) description(category string) string {
	return pick(g, descriptionStarts) + " " + pick(g, categoryNouns[category]) + ". " + pick(g, descriptionEnds)
}

func (g *Generator) tagList(category string) string {
	nouns := categoryNouns[category]
	n := 2 + g.rng.IntN(4)
	tags := ""
	for i := range n {
		if i > 0 {
			tags += ","
		}
		tags += pick(g, tagAdjectives) + " " + pick(g, nouns)
	}
	return tags
}

func (g *Generator) mediaType() string {
	switch r := g.rng.Float64(); {
	case r < 0.85:
		return "image"
	case r < 0.95:
		return "video"
	default:
		return StoryFormat
	}
}

func (g *Generator) imageSrc() string {
	return fmt.Sprintf("https://i.pinimg.com/originals/%02x/%02x/%02x/%016x%016x.jpg",
		g.rng.IntN(256), g.rng.IntN(256), g.rng.IntN(256), g.rng.Uint64(), g.rng.Uint64())
}

func (g *Generator) datetime(firstYear, lastYear int) string {
	from := time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	seconds := g.rng.Int64N(int64(to.Sub(from) / time.Second))
	return from.Add(time.Duration(seconds) * time.Second).Format(DatetimeLayout)
}

// round keeps as many decimals as the source table's float columns show.
func round(x float64, decimals int) float64 {
	scale := 1.0
	for range decimals {
		scale *= 10
	}
	if x < 0 {
		return -float64(int64(-x*scale+0.5)) / scale
	}
	return float64(int64(x*scale+0.5)) / scale
}

func (g *Generator) geo(ind int) Geo {
	return Geo{
		Ind:       ind,
		Timestamp: g.datetime(firstTimestampYear, lastTimestampYear),
		Latitude:  round(g.rng.Float64()*180-90, 4),
		Longitude: round(g.rng.Float64()*360-180, 3),
		Country:   pick(g, countries),
	}
}

func (g *Generator) user(ind int) User {
	return User{
		Ind:        ind,
		FirstName:  pick(g, firstNames),
		LastName:   pick(g, lastNames),
		Age:        g.age(),
		DateJoined: g.datetime(firstJoinedYear, lastJoinedYear),
	}
}

// age spreads users over the course's four query groups (18-24, 25-35, 36-50, +50),
// weighted young as Pinterest's audience is.
func (g *Generator) age() int {
	switch r := g.rng.Float64(); {
	case r < 0.40:
		return 20 + g.rng.IntN(5)
	case r < 0.75:
		return 25 + g.rng.IntN(11)
	case r < 0.92:
		return 36 + g.rng.IntN(15)
	default:
		return 51 + g.rng.IntN(20)
	}
}
