package importers

import (
	"errors"

	"github.com/wsis-tools/stocktake/importers/tabular"
)

// RowSkipped reports whether a row problem returned by Parse left its row
// out. The other problems are warnings about records that were imported
// (without the offending value, e.g. a country nobody recognised).
func RowSkipped(err error) bool {
	var re *tabular.RowError
	return errors.As(err, &re) && re.Skipped
}
