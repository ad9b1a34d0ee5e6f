// Package record holds the one record shape that stocktake stores, indexes,
// returns from its API and prints from `parse`, and the rules that give each
// record its id. Every other package reads it; of the project it imports only
// taxonomy, for the person key of the identity rules.
package record

import (
	"errors"
	"time"
)

// ErrNotFound is what reading an unknown record id fails with, in every
// package that reads records (the store returns it, readers test for it
// without depending on the store).
var ErrNotFound = errors.New("record not found")

// Kind is what a record describes.
type Kind string

// The three kinds of record (SPEC "Records").
const (
	KindProject Kind = "project"
	KindSession Kind = "session"
	KindPerson  Kind = "person"
)

// Gender focus grades, strongest first. Only primary and significant count
// as "gender focused" in the facet.
const (
	GenderPrimary     = "primary"
	GenderSignificant = "significant"
	GenderMention     = "mention"
	GenderNone        = "none"
)

// Prize statuses.
const (
	PrizeNominee  = "nominee"
	PrizeChampion = "champion"
	PrizeWinner   = "winner"
)

// Record is a project, a session report or a person. Fields that do not apply
// to a kind stay empty and are omitted from JSON.
type Record struct {
	ID      string `json:"id"`
	Kind    Kind   `json:"kind"`
	Title   string `json:"title"` // for a person, the position (see DisplayTitle)
	Summary string `json:"summary,omitempty"`
	Body    string `json:"body,omitempty"`

	Year      int    `json:"year,omitempty"`
	Date      string `json:"date,omitempty"` // ISO 8601 (YYYY-MM-DD) when known
	Event     string `json:"event,omitempty"`
	SessionID string `json:"session_id,omitempty"`
	Format    string `json:"format,omitempty"` // e.g. "Round Table - 60 Min"
	URL       string `json:"url,omitempty"`    // the page the record describes, when it differs from the source

	Organizers []Organizer `json:"organizers,omitempty"`
	Speakers   []Person    `json:"speakers,omitempty"`
	Moderators []Person    `json:"moderators,omitempty"`

	ActionLines      []string `json:"action_lines,omitempty"` // canonical codes, see taxonomy
	SDGs             []int    `json:"sdgs,omitempty"`
	SDGTargets       []string `json:"sdg_targets,omitempty"` // e.g. "4.4"
	Countries        []string `json:"countries,omitempty"`   // ISO 3166-1 alpha-2
	ITURegions       []string `json:"itu_regions,omitempty"`
	UNRegionalGroups []string `json:"un_regional_groups,omitempty"`
	GenderFocus      string   `json:"gender_focus,omitempty"`
	Quotes           []Quote  `json:"quotes,omitempty"`
	Prize            *Prize   `json:"prize,omitempty"`
	Organization     string   `json:"organization,omitempty"` // project owner, or a person's employer
	Keywords         []string `json:"keywords,omitempty"`

	// Person only.
	Name      string   `json:"name,omitempty"`
	Honorific string   `json:"honorific,omitempty"`
	Gender    string   `json:"gender,omitempty"` // "female", "male" or "" (unknown: never guessed)
	JobTitle  string   `json:"job_title,omitempty"`
	Expertise []string `json:"expertise,omitempty"`
	Languages []string `json:"languages,omitempty"`
	Bio       string   `json:"bio,omitempty"`
	Contact   *Contact `json:"contact,omitempty"` // private: stripped unless the caller holds the staff token

	Source     Source    `json:"source"`
	ImportedAt time.Time `json:"imported_at,omitzero"`

	// Missing lists what the extractor looked for and could not find, so
	// `parse` can say so instead of failing. Not stored semantics; advice.
	Missing []string `json:"missing,omitempty"`

	// ActionLinesInferred are topics the extractor read from prose that
	// states no tag ("a workshop on cybersecurity"). They are kept apart
	// from ActionLines, which holds only what the text states, and each
	// says why it was inferred.
	ActionLinesInferred []Inferred `json:"action_lines_inferred,omitempty"`

	// Explain says, per field, which rule and which source line gave the
	// value (`stocktake parse --explain`). Not stored.
	Explain []Evidence `json:"-"`
}

// Inferred is a tag read from prose rather than stated: the action-line
// code and the reason.
type Inferred struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Evidence is one step of an extraction: the field, the value it gave, the
// rule, and the line of the source file (1-based) with its text.
type Evidence struct {
	Field string `json:"field"`
	Value string `json:"value,omitempty"`
	Rule  string `json:"rule"`
	Line  int    `json:"line,omitempty"`
	Text  string `json:"text,omitempty"`
}

// Organizer is an organization or a person organizing a session.
type Organizer struct {
	Name         string `json:"name"`
	Organization string `json:"organization,omitempty"`
}

// Person is someone named in a record: a speaker, a moderator, a facilitator.
type Person struct {
	Name             string `json:"name"`
	Honorific        string `json:"honorific,omitempty"`
	Gender           string `json:"gender,omitempty"`
	Organization     string `json:"organization,omitempty"`
	Role             string `json:"role,omitempty"`
	StakeholderGroup string `json:"stakeholder_group,omitempty"`
	RegionalGroup    string `json:"regional_group,omitempty"`
	Country          string `json:"country,omitempty"`
}

// Quote is a sentence attributed to someone in a session report.
type Quote struct {
	Text         string `json:"text"`
	Speaker      string `json:"speaker,omitempty"`
	Organization string `json:"organization,omitempty"`
}

// Prize is a WSIS Prizes entry.
type Prize struct {
	Year     int    `json:"year,omitempty"`
	Category string `json:"category,omitempty"` // action-line code
	Status   string `json:"status,omitempty"`   // nominee | champion | winner
}

// Contact is private contact data of a person.
type Contact struct {
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Website string `json:"website,omitempty"`
}

// Source says where a record came from.
type Source struct {
	URL    string `json:"url,omitempty"`
	File   string `json:"file,omitempty"`
	Format string `json:"format,omitempty"` // text, html, csv, tsv, json, jsonl
	SHA256 string `json:"sha256,omitempty"` // of the source file's bytes
}

// Public returns a copy of r without private fields, for callers without the
// staff token.
func (r Record) Public() Record {
	r.Contact = nil
	return r
}

// DisplayTitle is what lists and pages show as a record's heading: a
// person's name, otherwise the title. For people, Title holds their
// position ("Founder and CEO"), as WSIS profile pages and the labelled
// data do, and Name holds the name.
func (r Record) DisplayTitle() string {
	if r.Kind == KindPerson && r.Name != "" {
		return r.Name
	}
	return r.Title
}

// GenderFocused reports whether the record counts as gender focused in facets.
func (r Record) GenderFocused() bool {
	return r.GenderFocus == GenderPrimary || r.GenderFocus == GenderSignificant
}
