package search

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// TestPrizeFacet: the WSIS Prizes status of projects is a facet, counted
// and filtered like the others, winners listed first.
func TestPrizeFacet(t *testing.T) {
	recs := corpus()
	recs[0].Prize = &record.Prize{Year: 2019, Category: "C7.e-agriculture", Status: record.PrizeWinner}
	recs[1].Prize = &record.Prize{Year: 2021, Status: "Nominee"}
	svc := newService(t, recs)
	ctx := context.Background()
	{
		resp, err := svc.Search(ctx, Request{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range resp.Facets {
			if f.Name == FilterPrize {
				for _, v := range f.Values {
					got = append(got, v.Label+":"+string(rune('0'+v.Count)))
				}
			}
		}
		if !slices.Equal(got, []string{"Winner:1", "Nominee:1"}) {
			t.Errorf("prize facet = %v", got)
		}
		v, _ := url.ParseQuery("prize=winners")
		req, err := ParseRequest(v)
		if err != nil {
			t.Fatal(err)
		}
		if resp, err = svc.Search(ctx, req); err != nil || !slices.Equal(ids(resp), []string{"p1"}) {
			t.Errorf("prize=winners: %v %v", ids(resp), err)
		}
	}
	var fe *FieldError
	if _, err := ParseRequest(url.Values{"prize": {"gold"}}); !errors.As(err, &fe) || fe.Field != "prize" {
		t.Errorf("prize=gold: %v", err)
	}
}
