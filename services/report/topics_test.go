package report

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeTitle(t *testing.T) {
	for in, want := range map[string]string{
		"关于2025年老旧小区改造计划的信息":  "2025年老旧小区改造计划",
		"申请公开 ２０２５年老旧小区改造计划！": "2025年老旧小区改造计划",
		"《东湖区征地补偿安置标准》的政府信息":  "东湖区征地补偿安置标准",
		"关于申请公开ABC项目环评报告":     "abc项目环评报告",
		"关于信息":   "信息", // nothing but set phrases: the last is kept
		"  ，。  ": "",
	} {
		if got := NormalizeTitle(in); got != want {
			t.Errorf("NormalizeTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	if s := Similarity("老旧小区改造计划", "老旧小区改造计划"); s != 1 {
		t.Errorf("the same text: %v", s)
	}
	if s := Similarity("征地补偿安置标准", "老旧小区改造计划"); s != 0 {
		t.Errorf("nothing shared: %v", s)
	}
	// 东湖区老旧小区改造项目清单 has 12 bigrams, 老旧小区改造计划 7; they share
	// 老旧 旧小 小区 区改 改造: 2×5/19.
	if s := Similarity("东湖区老旧小区改造项目清单", "老旧小区改造计划"); s != 10.0/19 {
		t.Errorf("five shared bigrams: %v, want %v", s, 10.0/19)
	}
}

// TestTopicClusters: similar titles share a cluster, dissimilar ones do
// not, and the order is the same whatever order the titles come in.
func TestTopicClusters(t *testing.T) {
	titles := []TitleCount{
		{"关于东湖区2025年老旧小区改造计划的信息", 5},
		{"东湖区2025年老旧小区改造计划（第二批）", 2},
		{"申请公开东湖区2025年老旧小区改造计划", 1},
		{"东湖区征地补偿安置标准", 4},
		{"东湖区征地补偿安置标准的政府信息", 1},
		{"征地补偿安置标准及发放明细", 1},
		{"东湖区学校招生划片范围", 3},
		{"本公司营业执照年检记录", 1}, // once: not a most-requested topic
		{"", 9},            // nothing to cluster
	}
	want := []Topic{
		{Key: TopicKey("东湖区2025年老旧小区改造计划"), Label: "关于东湖区2025年老旧小区改造计划的信息", Count: 8,
			Samples: []string{"关于东湖区2025年老旧小区改造计划的信息", "东湖区2025年老旧小区改造计划（第二批）", "申请公开东湖区2025年老旧小区改造计划"}},
		{Key: TopicKey("东湖区征地补偿安置标准"), Label: "东湖区征地补偿安置标准", Count: 6,
			Samples: []string{"东湖区征地补偿安置标准", "东湖区征地补偿安置标准的政府信息", "征地补偿安置标准及发放明细"}},
		{Key: TopicKey("东湖区学校招生划片范围"), Label: "东湖区学校招生划片范围", Count: 3, Samples: []string{"东湖区学校招生划片范围"}},
	}
	if diff := cmp.Diff(want, TopicClusters(titles)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := slices.Clone(titles)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(want, TopicClusters(shuffled)); diff != "" {
			t.Fatalf("another order of the same titles gives other clusters (-want +got):\n%s", diff)
		}
	}
}

// TestTopicClustersTies: equal counts are ordered by key, and at most
// MaxTopics are listed.
func TestTopicClustersTies(t *testing.T) {
	var titles []TitleCount
	subjects := []string{"征地补偿", "学校招生", "道路养护", "河道治理", "垃圾分类", "停车收费", "路灯维修", "绿地规划", "公交线路", "菜市场改造", "供暖价格", "电梯加装"}
	for _, s := range subjects {
		titles = append(titles, TitleCount{s + "的政府信息", 2})
	}
	got := TopicClusters(titles)
	if len(got) != MaxTopics {
		t.Fatalf("%d topics, want %d", len(got), MaxTopics)
	}
	if !slices.IsSortedFunc(got, func(a, b Topic) int { return strings.Compare(a.Key, b.Key) }) {
		t.Errorf("ties are not ordered by key: %v", got)
	}
	for _, tp := range got {
		if tp.Count != 2 || len(tp.Samples) != 1 {
			t.Errorf("topic %s: count %d, samples %v", tp.Label, tp.Count, tp.Samples)
		}
	}
}
