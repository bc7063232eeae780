package domain

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// NeedsInformation reports whether the idea was sent back to its authors with questions
// ("needs information": screening → submitted), so they may edit it again.
func (i *Idea) NeedsInformation() bool {
	if i.Stage != StageSubmitted || len(i.Decisions) == 0 {
		return false
	}
	last := i.Decisions[len(i.Decisions)-1]
	return last.To == StageSubmitted && last.From == StageScreening
}

// PrivateReason reports whether the reason of decision d is the exchange between the cdo's
// office and the authors: the questions of "needs information" and the authors' answer. Only
// they read it; others see that questions were asked and answered.
func (i *Idea) PrivateReason(d Decision) bool {
	return d.From == StageScreening && d.To == StageSubmitted || i.IsAnswer(d)
}

// IsAnswer reports whether d is the authors' answer to the questions of "needs information":
// an author returned the idea from submitted to screening.
func (i *Idea) IsAnswer(d Decision) bool {
	return d.From == StageSubmitted && d.To == StageScreening && i.IsAuthor(d.ActorID)
}

// MayEditIdea says whether a, who can see the idea, may edit its content: the authors
// while it is a draft or needs information (EFORBIDDEN for others, ECONFLICT in other
// stages), the cdo at any time (such edits are recorded in the audit log).
func MayEditIdea(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to edit ideas")
	}
	if a.Has(RoleCDO) {
		return nil
	}
	if !i.IsAuthor(a.UserID) {
		return Errorf(EFORBIDDEN, "only the authors and the CDO's office can edit this idea")
	}
	if i.Stage == StageDraft || i.NeedsInformation() {
		return nil
	}
	return Conflict(RIdeaNotEditable, "an idea in stage %q can no longer be edited by its authors", i.Stage).With("stage", string(i.Stage))
}

// MayDeleteIdea says whether a may delete the idea: only drafts, only by their author.
func MayDeleteIdea(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to delete ideas")
	}
	if i.AuthorID != a.UserID {
		return Errorf(EFORBIDDEN, "only the author can delete a draft")
	}
	if i.Stage != StageDraft {
		return Conflict(ROnlyDraftsDeleted, "only drafts can be deleted; withdraw a submitted idea instead")
	}
	return nil
}

// NormalizeTags trims tags, collapses inner white space and drops case-insensitive
// duplicates, keeping the first spelling.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.Join(strings.Fields(t), " ")
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// ValidTargetGroup reports whether g is a target group of PRODUCT.md.
func ValidTargetGroup(g string) bool {
	return g == TargetCitizens || g == TargetBusinesses || g == TargetStaff
}

// Validate checks the content invariants of an idea (the limits of PRODUCT.md); the HTTP
// layer checks shapes before, this is the rule every writer shares. A draft needs a title
// and a summary; everything past the draft also needs a description.
func (i *Idea) Validate() error {
	n := utf8.RuneCountInString(strings.TrimSpace(i.Title))
	switch {
	case n < TitleMin || utf8.RuneCountInString(i.Title) > TitleMax:
		return Invalid("title", "must have 5 to 120 characters")
	case strings.TrimSpace(i.Summary) == "":
		return Invalid("summary", "is required")
	case utf8.RuneCountInString(i.Summary) > SummaryMax:
		return Invalid("summary", "must have at most 300 characters")
	case utf8.RuneCountInString(i.Description) > DescriptionMax:
		return Invalid("description", "must have at most 20000 characters")
	case utf8.RuneCountInString(i.Problem) > TextFieldMax:
		return Invalid("problem", "must have at most 5000 characters")
	case utf8.RuneCountInString(i.ExpectedBenefit) > TextFieldMax:
		return Invalid("expectedBenefit", "must have at most 5000 characters")
	case len(i.Tags) > TagsMax:
		return Invalid("tags", "must have at most 10 entries")
	case len(i.CoAuthorIDs) > CoAuthorsMax:
		return Invalid("coAuthorIds", "must have at most 5 entries")
	case slices.Contains(i.CoAuthorIDs, i.AuthorID):
		return InvalidFor("coAuthorIds", RCoAuthorIsAuthor, "the author cannot be a co-author")
	case i.Visibility != VisibilityInternal && i.Visibility != VisibilityPublic:
		return Invalid("visibility", "must be internal or public")
	case i.Source == SourceCitizen && i.Visibility != VisibilityPublic:
		return InvalidFor("visibility", RCitizenIdeasPublic, "ideas by citizens are always public")
	case i.Stage != StageDraft && strings.TrimSpace(i.Description) == "":
		return InvalidFor("description", RDescriptionRequired, "an idea needs a description before it is submitted")
	}
	for _, t := range i.Tags {
		if utf8.RuneCountInString(t) > TagMax || strings.TrimSpace(t) == "" {
			return Invalid("tags", "each tag must have 1 to 40 characters")
		}
	}
	for _, g := range i.TargetGroups {
		if !ValidTargetGroup(g) {
			return Invalid("targetGroups", "must be citizens, businesses or staff")
		}
	}
	return nil
}
