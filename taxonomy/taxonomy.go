// Package taxonomy holds the vocabularies of the WSIS world.
package taxonomy

// Country is an ISO 3166-1 country with the regions it belongs to.
type Country struct{ Code, Name, ITURegion, UNGroup string }

// CountryByCode is a placeholder until the taxonomy lands.
func CountryByCode(code string) (Country, bool) { return Country{}, false }
