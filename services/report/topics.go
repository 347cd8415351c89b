package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
)

// The most-requested topics: clusters of similar titles. The SQL counts
// each distinct title (or, when a case has no title, the start of its
// description); TopicClusters normalises them, merges those that normalise
// alike, and groups the most frequent by how many character bigrams they
// share. Everything is ordered by count then text, so the same cases always
// give the same clusters, in the same order, with the same keys.

const (
	// topicCandidates is how many of the most frequent normalised titles
	// are clustered; rarer ones are too thin to suggest a topic.
	topicCandidates = 500
	// topicSimilarity is the least Dice coefficient of two titles' bigram
	// sets for them to share a cluster.
	topicSimilarity = 0.5
	// topicSamples is how many titles a cluster shows.
	topicSamples = 3
	// MaxTopics is how many clusters the analysis lists.
	MaxTopics = 10
	// minTopicCount: a topic asked for once is not a most-requested one.
	minTopicCount = 2
)

// TitleCount is a distinct title and how many cases asked with it.
type TitleCount struct {
	Title string
	Count int64
}

// Topic is a cluster of similar titles.
type Topic struct {
	// Key identifies the cluster across periods: a hash of its
	// representative's normalised text.
	Key string
	// Label is the representative's most frequent title.
	Label string
	// Count is the number of cases in the cluster.
	Count int64
	// Samples are its most frequent titles (at most three), the label
	// first.
	Samples []string
	// Mark is the agency's decision to publish it proactively, if made.
	Mark *TopicMark
}

// Suggestion is what the analysis proposes for every most-requested topic.
const Suggestion = "依申请公开转主动公开"

// prefixes and suffixes are the set phrases of a request's title, which
// say nothing about its topic and would make every title look alike.
var (
	titlePrefixes = []string{"关于申请公开", "申请公开", "请求公开", "要求公开", "依申请公开", "关于", "申请", "公开"}
	titleSuffixes = []string{"的政府信息", "的相关信息", "的有关信息", "的相关文件", "政府信息", "相关信息", "有关信息", "的信息", "信息"}
)

// NormalizeTitle is the form titles are compared in: full-width letters and
// digits made half-width, lower case, without spaces, punctuation and
// symbols, and without the set phrases around the topic ("关于…的政府信息").
// A title that is nothing but set phrases keeps the last of them.
func NormalizeTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	full := b.String()
	core := full
	for changed := true; changed; {
		changed = false
		for _, p := range titlePrefixes {
			if rest, ok := strings.CutPrefix(core, p); ok && rest != "" {
				core, changed = rest, true
			}
		}
		for _, x := range titleSuffixes {
			if rest, ok := strings.CutSuffix(core, x); ok && rest != "" {
				core, changed = rest, true
			}
		}
	}
	return core
}

// bigrams is the sorted set of a text's adjacent rune pairs; a one-rune
// text is its own gram.
func bigrams(s string) []uint64 {
	rs := []rune(s)
	if len(rs) == 1 {
		return []uint64{uint64(rs[0])}
	}
	out := make([]uint64, 0, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, uint64(rs[i])<<32|uint64(rs[i+1]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Similarity is the Dice coefficient of two texts' bigram sets: 1 for the
// same set, 0 for nothing shared.
func Similarity(a, b string) float64 {
	return dice(bigrams(a), bigrams(b))
}

func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// normalized is the titles that normalise to one text.
type normalized struct {
	norm   string
	count  int64
	titles []TitleCount
	grams  []uint64
}

// byCount orders by count, most first, then by text.
func byCount[T any](count func(T) int64, text func(T) string) func(a, b T) int {
	return func(a, b T) int {
		if c := cmp.Compare(count(b), count(a)); c != 0 {
			return c
		}
		return strings.Compare(text(a), text(b))
	}
}

var titleOrder = byCount(func(t TitleCount) int64 { return t.Count }, func(t TitleCount) string { return t.Title })

// TopicClusters groups the titles into the most-requested topics, at most
// MaxTopics, the largest first. Each of the most frequent normalised titles
// joins the earliest cluster whose representative (its first, most
// frequent title) it resembles enough, else starts its own.
func TopicClusters(titles []TitleCount) []Topic {
	byNorm := map[string]*normalized{}
	for _, t := range titles {
		t.Title = clip(strings.TrimSpace(t.Title), 200)
		n := NormalizeTitle(t.Title)
		if n == "" || t.Count <= 0 {
			continue
		}
		g := byNorm[n]
		if g == nil {
			g = &normalized{norm: n}
			byNorm[n] = g
		}
		g.count += t.Count
		g.titles = append(g.titles, t)
	}
	list := make([]*normalized, 0, len(byNorm))
	for _, g := range byNorm {
		list = append(list, g)
	}
	slices.SortFunc(list, byCount(func(g *normalized) int64 { return g.count }, func(g *normalized) string { return g.norm }))
	if len(list) > topicCandidates {
		list = list[:topicCandidates]
	}
	type cluster struct {
		rep     *normalized
		count   int64
		members []*normalized
	}
	var clusters []*cluster
	for _, g := range list {
		g.grams = bigrams(g.norm)
		var best *cluster
		bestSim := 0.0
		for _, c := range clusters {
			if s := dice(g.grams, c.rep.grams); s >= topicSimilarity && s > bestSim {
				best, bestSim = c, s
			}
		}
		if best == nil {
			best = &cluster{rep: g}
			clusters = append(clusters, best)
		}
		best.count += g.count
		best.members = append(best.members, g)
	}
	out := make([]Topic, 0, len(clusters))
	for _, c := range clusters {
		if c.count < minTopicCount {
			continue
		}
		slices.SortFunc(c.rep.titles, titleOrder)
		var all []TitleCount
		for _, m := range c.members {
			all = append(all, m.titles...)
		}
		slices.SortFunc(all, titleOrder)
		t := Topic{Key: TopicKey(c.rep.norm), Label: c.rep.titles[0].Title, Count: c.count, Samples: []string{c.rep.titles[0].Title}}
		for _, x := range all {
			if len(t.Samples) == topicSamples {
				break
			}
			if !slices.Contains(t.Samples, x.Title) {
				t.Samples = append(t.Samples, x.Title)
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, byCount(func(t Topic) int64 { return t.Count }, func(t Topic) string { return t.Key }))
	if len(out) > MaxTopics {
		out = out[:MaxTopics]
	}
	return out
}

// TopicKey is a cluster's key: the first 16 hex digits of the SHA-256 of
// its representative's normalised text.
func TopicKey(norm string) string {
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:8])
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
