package emulate

// The vocabularies below are small on purpose: the course's queries group by category,
// country and age, so a few dozen values per column give them something to rank.

// categories are the course data set's pin categories; save_location is derived from them.
var categories = []string{
	"art", "beauty", "christmas", "diy-and-crafts", "education", "event-planning", "finance",
	"home-decor", "mens-fashion", "quotes", "tattoos", "travel", "vehicles", "womens-fashion",
	"architecture", "animals", "food-and-drink",
}

var categoryNouns = map[string][]string{
	"art":            {"Watercolour Painting", "Abstract Art", "Sketchbook Ideas", "Acrylic Pour"},
	"beauty":         {"Makeup Tutorial", "Skincare Routine", "Nail Art", "Hair Colour"},
	"christmas":      {"Christmas Tree", "Advent Calendar", "Holiday Wreath", "Gift Wrapping"},
	"diy-and-crafts": {"Paper Flowers", "Macrame Wall Hanging", "Upcycled Jars", "Kids Crafts"},
	"education":      {"Classroom Decor", "Math Worksheets", "Reading Corner", "Science Fair"},
	"event-planning": {"Wedding Table", "Birthday Party", "Baby Shower", "Balloon Arch"},
	"finance":        {"Budget Planner", "Savings Challenge", "Side Hustle", "Debt Payoff"},
	"home-decor":     {"Living Room", "Boho Bedroom", "Kitchen Shelves", "Gallery Wall"},
	"mens-fashion":   {"Street Style", "Casual Outfit", "Leather Jacket", "Summer Look"},
	"quotes":         {"Motivational Quote", "Life Quote", "Love Quote", "Funny Quote"},
	"tattoos":        {"Small Tattoo", "Sleeve Tattoo", "Minimalist Tattoo", "Floral Tattoo"},
	"travel":         {"Road Trip", "Beach Holiday", "City Break", "Travel Packing List"},
	"vehicles":       {"Classic Car", "Nissan GT-R", "Lowrider", "Camper Van"},
	"womens-fashion": {"Fall Outfit", "Maxi Dress", "Capsule Wardrobe", "Work Outfit"},
	"architecture":   {"Modern House", "Brutalist Building", "Tiny House", "Gothic Cathedral"},
	"animals":        {"Golden Retriever", "Cute Kitten", "Wildlife Photo", "Bird Feeder"},
	"food-and-drink": {"Easy Dinner", "Vegan Recipe", "Chocolate Cake", "Smoothie Bowl"},
}

var titleOpeners = []string{"The Best", "50 Ideas for", "How to Style", "Easy", "Our Favourite", "Simple", "DIY"}

var descriptionStarts = []string{"Discover", "Get inspired by", "You will love this", "Save this", "Check out this"}

var descriptionEnds = []string{"Follow for more.", "Sick.", "Perfect for beginners.", "So cute!", "Click for the full guide."}

var tagAdjectives = []string{"Cute", "Modern", "Easy", "Vintage", "Creative", "Beautiful", "Cheap", "Aesthetic"}

var firstNames = []string{
	"Abigail", "Thomas", "Ray", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mia", "Lucas",
	"Sophia", "Ethan", "Isabella", "Amelia", "James", "Harper", "Benjamin", "Chloe", "Daniel", "Zoe",
}

var lastNames = []string{
	"Ali", "Turner", "Uyemura", "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Martinez",
	"Lopez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
}

var countries = []string{
	"Albania", "Cocos (Keeling) Islands", "Afghanistan", "Algeria", "American Samoa", "Andorra",
	"Angola", "Antarctica (the territory South of 60 deg S)", "Armenia", "Aruba", "Bangladesh",
	"Bulgaria", "Chile", "Colombia", "Egypt", "Gambia", "India", "Maldives", "Mexico", "Peru",
	"Saint Barthelemy", "Trinidad and Tobago", "United Kingdom", "United States of America",
}
