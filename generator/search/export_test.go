package search

// For the tests of package search_test, which build whole sites (the
// build package imports this one).

type (
	DiffQuery = testQuery
	RefMatch  = refMatch
)

var (
	GenerateQueries = generateQueries
	SampleDocs      = sampleDocs
)

// Reference is the brute-force reader of reference_test.go.
type Reference struct{ r *reference }

func NewReference(docs []Document, synonyms ...[]string) Reference {
	return Reference{newReference(docs, synonyms...)}
}

func (r Reference) Find(q string) []RefMatch { return r.r.find(q) }
