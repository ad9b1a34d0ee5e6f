package resolver

import (
	"slices"

	"github.com/wsis-tools/stocktake/record"
)

// union is a union-find over items that keeps each set's members, so a
// merge can be refused when any pair across the two sets conflicts (a staff
// split, two countries): merging is transitive, and one weak link must not
// chain two different entities together.
type union struct {
	parent  []int
	members [][]int // of each root; nil for a root alone (most of them)
	splits  map[[2]int]bool
}

func newUnion(n int) *union {
	u := &union{parent: make([]int, n), members: make([][]int, n), splits: map[[2]int]bool{}}
	for i := range n {
		u.parent[i] = i
	}
	return u
}

func (u *union) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// set returns the members of the set of root, using one for a root alone.
func (u *union) set(root int, one *[1]int) []int {
	if u.members[root] == nil {
		one[0] = root
		return one[:]
	}
	return u.members[root]
}

func (u *union) split(a, b int) {
	u.splits[[2]int{min(a, b), max(a, b)}] = true
}

// canJoin reports whether the sets of a and b may merge: no split between
// any of their members and no conflict.
func (u *union) canJoin(a, b int, conflict func(a, b int) bool) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	var oneA, oneB [1]int
	for _, x := range u.set(ra, &oneA) {
		for _, y := range u.set(rb, &oneB) {
			if u.splits[[2]int{min(x, y), max(x, y)}] || conflict(x, y) {
				return false
			}
		}
	}
	return true
}

// union merges the sets of a and b; false when they were one already.
func (u *union) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	var oneA, oneB [1]int
	sa, sb := u.set(ra, &oneA), u.set(rb, &oneB)
	if len(sa) < len(sb) {
		ra, rb, sa, sb = rb, ra, sb, sa
	}
	u.parent[rb] = ra
	u.members[ra] = append(slices.Clip(sa), sb...)
	u.members[rb] = nil
	return true
}

// prizeRank orders prize statuses: a winner was a nominee first.
var prizeRank = map[string]int{record.PrizeNominee: 1, record.PrizeChampion: 2, record.PrizeWinner: 3}

// clusters builds the result: one cluster per set, members and sources
// sorted, the highest prize status, the evidence of its merges.
func (u *union) clusters(items itemList, why []Evidence) Result {
	res := Result{of: map[Ref]int{}}
	byRoot := map[int]int{} // slot of each set of several
	for i, it := range items {
		root := u.find(i)
		if u.members[root] == nil {
			res.slots = append(res.slots, slot{ref: it.ref, title: it.title, source: it.source, kind: it.kind, prize: it.prize})
			continue
		}
		if _, ok := byRoot[root]; ok {
			continue
		}
		ms := slices.Clone(u.members[root])
		slices.SortFunc(ms, func(a, b int) int { return cmpRefs(items[a].ref, items[b].ref) })
		c := Cluster{ID: items[ms[0]].ref.String(), Kind: items[ms[0]].kind}
		var head *item
		for _, m := range ms {
			it := items[m]
			c.Members = append(c.Members, it.ref)
			c.Sources = append(c.Sources, it.source)
			if it.prize != nil && (c.Prize == nil || prizeRank[it.prize.Status] > prizeRank[c.Prize.Status] ||
				(prizeRank[it.prize.Status] == prizeRank[c.Prize.Status] && it.prize.Year > c.Prize.Year)) {
				p := *it.prize
				c.Prize = &p
			}
			if head == nil || better(it, head) {
				head = it
			}
		}
		c.Title = head.title
		slices.Sort(c.Sources)
		c.Sources = slices.Compact(c.Sources)
		byRoot[root] = len(res.slots)
		res.slots = append(res.slots, slot{multi: &c})
	}
	for _, e := range why {
		// Every merge joined two refs of one set of several.
		a, _ := items.find(e.A)
		c := res.slots[byRoot[u.find(a)]].multi
		c.Why = append(c.Why, e)
	}
	slices.SortFunc(res.slots, func(a, b slot) int { return cmpRefs(a.id(), b.id()) })
	for i, s := range res.slots {
		if s.multi != nil {
			for _, m := range s.multi.Members {
				res.of[m] = i
			}
		}
	}
	return res
}

// better picks the member whose heading names the cluster: a profile over a
// name in a session, a list entry over an article (whose title is often the
// site's or the headline's), then the shorter heading.
func better(a, b *item) bool {
	rank := func(it *item) int {
		switch {
		case it.pers != nil && it.pers.profile, it.proj != nil && it.proj.listEntry:
			return 2
		case it.pers != nil, it.proj != nil:
			return 1
		}
		return 0
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra > rb
	}
	return len(a.title) < len(b.title)
}
