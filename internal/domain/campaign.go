package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// CampaignStatus is where a campaign (Ideenaufruf) stands: draft → open → closed.
type CampaignStatus string

// Campaign statuses.
const (
	CampaignDraft  CampaignStatus = "draft"
	CampaignOpen   CampaignStatus = "open"
	CampaignClosed CampaignStatus = "closed"
)

// ValidCampaignStatus reports whether s is a campaign status.
func ValidCampaignStatus(s CampaignStatus) bool {
	return s == CampaignDraft || s == CampaignOpen || s == CampaignClosed
}

// Campaign limits.
const (
	CampaignTitleMin        = 5
	CampaignTitleMax        = 120
	CampaignQuestionMax     = 300
	CampaignDescriptionMax  = 20000
	ReviewersPerIdeaDefault = 2
	ReviewersPerIdeaMax     = 10
)

// Campaign is a call for ideas on a question, for staff (internal) or everyone (public).
type Campaign struct {
	ID                  string
	TenantID            string
	Title               string
	Question            string
	Description         string // Markdown
	Audience            Visibility
	Status              CampaignStatus
	OpensAt             time.Time // planned opening (informational)
	ClosesAt            time.Time // submissions end at this time even while status is open
	CriteriaSetID       string
	ReviewersPerIdea    int
	SponsorDepartmentID string
	OpenedAt            time.Time // when the status became open
	ClosedAt            time.Time // when the status became closed
	CreatedBy           string
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// AcceptsIdeas reports whether ideas may be submitted to the campaign at now: it is open,
// its opening day has come and its closing time has not.
func (c *Campaign) AcceptsIdeas(now time.Time) bool {
	return c.Status == CampaignOpen && !c.opensLater(now) && (c.ClosesAt.IsZero() || now.Before(c.ClosesAt))
}

// opensLater: the campaign is scheduled to open after now.
func (c *Campaign) opensLater(now time.Time) bool {
	return !c.OpensAt.IsZero() && now.Before(c.OpensAt)
}

// Validate checks a campaign's invariants.
func (c *Campaign) Validate() error {
	n := utf8.RuneCountInString(strings.TrimSpace(c.Title))
	switch {
	case n < CampaignTitleMin || utf8.RuneCountInString(c.Title) > CampaignTitleMax:
		return Invalid("title", "must have 5 to 120 characters")
	case utf8.RuneCountInString(c.Question) > CampaignQuestionMax:
		return Invalid("question", "must have at most 300 characters")
	case utf8.RuneCountInString(c.Description) > CampaignDescriptionMax:
		return Invalid("description", "must have at most 20000 characters")
	case c.Audience != VisibilityInternal && c.Audience != VisibilityPublic:
		return Invalid("audience", "must be internal or public")
	case !ValidCampaignStatus(c.Status):
		return Invalid("status", "must be draft, open or closed")
	case c.ReviewersPerIdea < 1 || c.ReviewersPerIdea > ReviewersPerIdeaMax:
		return Invalid("reviewersPerIdea", "must be from 1 to 10")
	case !c.OpensAt.IsZero() && !c.ClosesAt.IsZero() && !c.ClosesAt.After(c.OpensAt):
		return InvalidFor("closesAt", REndAfterStart, "must be after opensAt")
	}
	return nil
}

// SetStatus moves the campaign forward (draft → open → closed), stamping the time; the
// same status is a no-op. ECONFLICT for any other move; EINVALID for an open campaign
// whose closing date has passed.
func (c *Campaign) SetStatus(s CampaignStatus, now time.Time) error {
	if s == c.Status {
		return nil
	}
	switch {
	case c.Status == CampaignDraft && s == CampaignOpen:
		if !c.ClosesAt.IsZero() && !now.Before(c.ClosesAt) {
			return InvalidFor("closesAt", RClosingDatePassed, "the closing date has passed; set a later one to open the campaign")
		}
		c.OpenedAt = now
	case c.Status == CampaignOpen && s == CampaignClosed, c.Status == CampaignDraft && s == CampaignClosed:
		c.ClosedAt = now
	default:
		return Conflict(RCampaignStatus, "a %s campaign cannot become %s", c.Status, s).With("status", string(c.Status), "next", string(s))
	}
	c.Status = s
	return nil
}

// CanSeeCampaign is the visibility rule of campaigns: the cdo sees all; staff see every
// campaign that is not a draft; everyone else sees public campaigns that are not drafts.
func CanSeeCampaign(a *Actor, c *Campaign) bool {
	if a.Has(RoleCDO) {
		return true
	}
	if c.Status == CampaignDraft {
		return false
	}
	return a.IsStaff() || c.Audience == VisibilityPublic
}

// CheckCampaignForIdea says whether a may submit an idea to c at now: EFORBIDDEN for a
// citizen and an internal campaign, ECONFLICT when the campaign does not take ideas.
func CheckCampaignForIdea(a *Actor, c *Campaign, now time.Time) error {
	if c.Audience == VisibilityInternal && !a.IsStaff() {
		return &Error{Code: EFORBIDDEN, Reason: RCampaignInternal, Message: "this campaign is for city staff only; citizens can submit to public campaigns and the open idea box",
			Fields: []FieldError{{Field: "campaignId", Message: "is an internal campaign", Reason: RCampaignInternal}}}
	}
	if !c.AcceptsIdeas(now) {
		msg, reason := "this campaign is closed and takes no more ideas", RCampaignClosed
		switch {
		case c.Status == CampaignDraft:
			msg, reason = "this campaign is not open yet", RCampaignNotOpen
		case c.Status == CampaignOpen && c.opensLater(now):
			msg, reason = "this campaign opens on "+c.OpensAt.UTC().Format("2006-01-02")+"; submit your idea from then on", RCampaignNotOpen
		}
		return &Error{Code: ECONFLICT, Message: msg, Reason: reason,
			Fields: []FieldError{{Field: "campaignId", Message: "does not take ideas", Reason: reason}}}
	}
	return nil
}

// CampaignStore persists campaigns of the context's tenant.
type CampaignStore interface {
	// CreateCampaign stores a new campaign (ID, TenantID, Version=1 and times are set).
	CreateCampaign(ctx context.Context, c *Campaign) error
	// FindCampaignByID returns a campaign; ENOTFOUND.
	FindCampaignByID(ctx context.Context, id string) (*Campaign, error)
	// FindCampaigns lists the tenant's campaigns, newest first.
	FindCampaigns(ctx context.Context) ([]*Campaign, error)
	// UpdateCampaign writes c guarded by its version, then bumps it; EPRECONDITIONFAILED,
	// ENOTFOUND.
	UpdateCampaign(ctx context.Context, c *Campaign) error
}
