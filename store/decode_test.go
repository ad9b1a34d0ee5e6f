package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/wsis-tools/stocktake/record"
)

// FuzzDecodeRecordAgrees: stored records are written by encoding/json and
// read by decodeRecord; for any text in their fields, both decoders must
// give the same record (escapes, invalid UTF-8 and all).
func FuzzDecodeRecordAgrees(f *testing.F) {
	f.Add("Village kiosks", "Body with \"quotes\", \\ and \u00e9\u2028 \x00", "KE", int64(2019))
	f.Add("\xff\xfe", "", "", int64(-1))
	f.Fuzz(func(t *testing.T, title, body, country string, n int64) {
		r := record.Record{ID: "r1", Kind: record.KindProject, Title: title, Body: body, Countries: []string{country, ""},
			Year: int(n), SDGs: []int{int(n % 18)}, Speakers: []record.Person{{Name: title, Country: country}},
			Prize: &record.Prize{Year: int(n), Status: body}, Contact: &record.Contact{Email: country},
			ImportedAt: time.Unix(n%1e10, 0).UTC()}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var want, got record.Record
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if err := decodeRecord(b, &got); err != nil {
			t.Fatalf("decodeRecord: %v on %s", err, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeRecord gave\n%+v\nencoding/json\n%+v", got, want)
		}
	})
}
