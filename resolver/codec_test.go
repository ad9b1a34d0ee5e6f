package resolver

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// fill sets every field of v to a value of its own, so a field the codec
// forgets cannot come back equal.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("v" + string(rune('a'+*n%26)) + string(rune('a'+*n/26%26)))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) / 2)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), n)
		fill(v.Index(1), n)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n)
		fill(e, n)
		v.SetMapIndex(k, e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	}
}

// TestCompactCodecKeepsWhatCompactKeeps: for every kind, a record with
// every field set comes back from the binary form as Compact made it, so
// a field Compact starts keeping fails here until the codec writes it too.
func TestCompactCodecKeepsWhatCompactKeeps(t *testing.T) {
	for _, kind := range []record.Kind{record.KindProject, record.KindPerson, record.KindSession, "other"} {
		var r record.Record
		n := 0
		fill(reflect.ValueOf(&r).Elem(), &n)
		r.Kind = kind
		want := Compact(r)
		b := AppendCompact(nil, want)
		got, err := DecodeCompact(b)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded\n%+v\nwant\n%+v", kind, got, want)
		}
		for cut := range len(b) {
			if _, err := DecodeCompact(b[:cut]); err == nil {
				t.Fatalf("%s: cut at %d of %d bytes decodes", kind, cut, len(b))
			}
		}
		// The strings are copies: the bytes may be a file mapped only
		// while they are read.
		clear(b)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the decoded record changed with the bytes", kind)
		}
	}
}

// TestDecodedCompactResolvesAlike: the views resolve records decoded from
// the binary form, read from their file; the clusters are those of the
// records themselves.
func TestDecodedCompactResolvesAlike(t *testing.T) {
	recs := benchCorpus(2000)
	for i := range recs {
		if i%5 == 0 {
			recs[i].Prize = &record.Prize{Year: 2019, Category: "C7", Status: record.PrizeChampion}
		}
	}
	decoded := make([]record.Record, len(recs))
	type keyed struct {
		id string
		b  []byte
	}
	// Two records that do not decode, both left out.
	broken := AppendCompact(nil, record.Record{ID: "zz", Kind: record.KindProject, Title: "Broken"})
	ents := []keyed{{"x", []byte{compactVersion, 3, 'x'}}, {"zz", broken[:len(broken)-1]}}
	for i, r := range recs {
		b := AppendCompact(nil, Compact(r))
		var err error
		if decoded[i], err = DecodeCompact(b); err != nil {
			t.Fatal(err)
		}
		ents = append(ents, keyed{r.ID, b})
	}
	slices.SortFunc(ents, func(a, b keyed) int { return strings.Compare(a.id, b.id) })
	// As a view's file yields them: in order of id, each in a buffer that
	// is overwritten once the resolver has read it.
	fromFile := func(yield func([]byte) bool) {
		for _, e := range ents {
			buf := slices.Clone(e.b)
			ok := yield(buf)
			clear(buf)
			if !ok {
				return
			}
		}
	}
	want := Resolve(recs, Options{})
	for name, got := range map[string]Result{
		"decoded":        Resolve(decoded, Options{}),
		"ResolveCompact": ResolveCompact(fromFile, Options{}),
	} {
		if !reflect.DeepEqual(got.Clusters(), want.Clusters()) {
			t.Errorf("%s: %d clusters, whole records %d, or other members", name, len(got.Clusters()), len(want.Clusters()))
		}
	}
}

func FuzzDecodeCompact(f *testing.F) {
	var r record.Record
	n := 0
	fill(reflect.ValueOf(&r).Elem(), &n)
	r.Kind = record.KindSession
	f.Add(AppendCompact(nil, Compact(r)))
	f.Add([]byte{compactVersion})
	f.Add([]byte{compactVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		if c, err := DecodeCompact(b); err == nil {
			// What decodes encodes to bytes that decode the same.
			again, err := DecodeCompact(AppendCompact(nil, c))
			if err != nil || !reflect.DeepEqual(again, c) {
				t.Fatalf("re-encoding %q: %v, %+v against %+v", b, err, again, c)
			}
		}
	})
}
