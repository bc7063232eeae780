package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// ReuseProfileFormat names the document type of reuse profiles.
const ReuseProfileFormat = "ideenwerk.reuse-profile"

// reuseProfileJSON is the open, documented reuse profile format (api/reuse-profile.schema.json).
type reuseProfileJSON struct {
	Format       string `json:"format"`
	Version      string `json:"version"`
	ID           string `json:"id"`
	Municipality struct {
		Name     string `json:"name"`
		Slug     string `json:"slug,omitempty"`
		TenantID string `json:"tenantId,omitempty"`
	} `json:"municipality"`
	IdeaID          string   `json:"ideaId"`
	Title           string   `json:"title"`
	Summary         string   `json:"summary"`
	Problem         string   `json:"problem"`
	Solution        string   `json:"solution"`
	ExpectedBenefit string   `json:"expectedBenefit"`
	TargetGroups    []string `json:"targetGroups"`
	Tags            []string `json:"tags"`
	Results         struct {
		PilotStart     *time.Time     `json:"pilotStart"`
		PilotEnd       *time.Time     `json:"pilotEnd"`
		BudgetEUR      *float64       `json:"budgetEur"`
		KPIs           []reuseKPIJSON `json:"kpis"`
		LessonsLearned string         `json:"lessonsLearned"`
	} `json:"results"`
	Departments []string `json:"departments"`
	Contact     struct {
		Organisation string `json:"organisation"`
		Name         string `json:"name"`
		Email        string `json:"email"`
	} `json:"contact"`
	SourceURL   *string   `json:"sourceUrl"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

type reuseKPIJSON struct {
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	Baseline  float64  `json:"baseline"`
	Target    float64  `json:"target"`
	Direction string   `json:"direction"`
	Result    *float64 `json:"result"`
	Met       *bool    `json:"met"`
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toReuseJSON(p *domain.ReuseProfile) reuseProfileJSON {
	var r reuseProfileJSON
	r.Format, r.Version, r.ID, r.IdeaID = ReuseProfileFormat, p.Version, p.ID, p.IdeaID
	r.Municipality.Name, r.Municipality.Slug, r.Municipality.TenantID = p.Municipality, p.TenantSlug, p.TenantID
	r.Title, r.Summary, r.Problem, r.Solution, r.ExpectedBenefit = p.Title, p.Summary, p.Problem, p.Solution, p.ExpectedBenefit
	r.TargetGroups, r.Tags, r.Departments = strs(p.TargetGroups), strs(p.Tags), strs(p.Departments)
	r.Results.PilotStart, r.Results.PilotEnd = optTime(p.Results.PilotStart), optTime(p.Results.PilotEnd)
	budget := p.Results.BudgetEUR
	r.Results.BudgetEUR = &budget
	r.Results.LessonsLearned = p.Results.LessonsLearned
	r.Results.KPIs = []reuseKPIJSON{}
	for _, k := range p.Results.KPIs {
		r.Results.KPIs = append(r.Results.KPIs, reuseKPIJSON(k))
	}
	r.Contact.Organisation, r.Contact.Name, r.Contact.Email = p.Contact.Organisation, p.Contact.Name, p.Contact.Email
	r.SourceURL, r.PublishedAt, r.UpdatedAt = optString(p.SourceURL), p.PublishedAt, p.UpdatedAt
	return r
}

func (r *reuseProfileJSON) toDomain() *domain.ReuseProfile {
	p := &domain.ReuseProfile{ID: r.ID, Version: r.Version, TenantID: r.Municipality.TenantID, TenantSlug: r.Municipality.Slug,
		Municipality: r.Municipality.Name, IdeaID: r.IdeaID, Title: r.Title, Summary: r.Summary, Problem: r.Problem, Solution: r.Solution,
		ExpectedBenefit: r.ExpectedBenefit, TargetGroups: r.TargetGroups, Tags: r.Tags, Departments: r.Departments,
		PublishedAt: r.PublishedAt, UpdatedAt: r.UpdatedAt,
		Contact: domain.ReuseContact{Organisation: r.Contact.Organisation, Name: r.Contact.Name, Email: r.Contact.Email}}
	if r.SourceURL != nil {
		p.SourceURL = *r.SourceURL
	}
	if p.TenantID == "" {
		// Profiles from other deployments: the origin is the municipality and its profile ID.
		p.TenantID = "ext:" + r.Municipality.Name
	}
	if r.Results.PilotStart != nil {
		p.Results.PilotStart = *r.Results.PilotStart
	}
	if r.Results.PilotEnd != nil {
		p.Results.PilotEnd = *r.Results.PilotEnd
	}
	if r.Results.BudgetEUR != nil {
		p.Results.BudgetEUR = *r.Results.BudgetEUR
	}
	p.Results.LessonsLearned = r.Results.LessonsLearned
	for _, k := range r.Results.KPIs {
		p.Results.KPIs = append(p.Results.KPIs, domain.ReuseKPI(k))
	}
	return p
}

var (
	reuseSchemaOnce sync.Once
	reuseSchema     *jsonschema.Schema
	reuseSchemaErr  error
)

// validateReuseProfile checks a document against the published schema and returns the
// violations as field errors (JSON pointers into the profile).
func validateReuseProfile(raw []byte) error {
	reuseSchemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(reuseProfileSchema))
		if err != nil {
			reuseSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if reuseSchemaErr = c.AddResource("reuse-profile.schema.json", doc); reuseSchemaErr != nil {
			return
		}
		reuseSchema, reuseSchemaErr = c.Compile("reuse-profile.schema.json")
	})
	if reuseSchemaErr != nil {
		return reuseSchemaErr
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return domain.Invalid("profile", "must be a JSON object")
	}
	err = reuseSchema.Validate(inst)
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil
	}
	if !errors.As(err, &ve) {
		return err
	}
	out := &domain.Error{Code: domain.EINVALID, Message: "the profile does not follow the reuse profile format (api/reuse-profile.schema.json)"}
	for _, u := range ve.BasicOutput().Errors {
		if u.Error == nil || len(out.Fields) >= 20 {
			continue
		}
		field := "profile" + strings.ReplaceAll(u.InstanceLocation, "/", ".")
		out.Fields = append(out.Fields, domain.FieldError{Field: field, Message: u.Error.String()})
	}
	return out
}

// handleGetReuseProfile serves an idea's published profile to anyone; the cdo may preview
// the profile of an idea with pilot results before publishing it.
func (s *Server) handleGetReuseProfile(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	notFound := domain.Errorf(domain.ENOTFOUND, "this idea has no published reuse profile")
	i, err := f.Ideas.FindIdeaByID(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, notFound)
		return
	}
	var p *domain.ReuseProfile
	switch {
	case i.ReusePublished:
		p, err = f.Catalogue.FindReuseProfileByID(ctx, domain.ReuseProfileID(i.TenantID, i.ID))
	case actor(c).Has(domain.RoleCDO) && i.Pilot != nil && i.Pilot.Results != nil:
		p, err = f.BuildReuseProfile(ctx, i)
	default:
		err = notFound
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if p.SourceURL == "" {
		p.SourceURL = requestBaseURL(c) + "/api/v1/ideas/" + i.ID + "/reuse-profile"
	}
	c.JSON(http.StatusOK, toReuseJSON(p))
}

// fillSourceURL gives a catalogue profile of this deployment the address where its
// municipality serves it: at the caller's host for the caller's own municipality, else at
// the publishing municipality's first host (same scheme). Profiles of municipalities without
// a host, and those imported from files, keep what they have.
func (s *Server) fillSourceURL(c *gin.Context, p *domain.ReuseProfile) {
	if p.SourceURL != "" || p.IdeaID == "" || strings.HasPrefix(p.TenantID, "ext:") {
		return
	}
	path := "/api/v1/ideas/" + url.PathEscape(p.IdeaID) + "/reuse-profile"
	if t := domain.TenantFromContext(c.Request.Context()); t != nil && t.ID == p.TenantID {
		p.SourceURL = requestBaseURL(c) + path
		return
	}
	if s.Tenants == nil {
		return
	}
	if t := s.Tenants.ByID(c.Request.Context(), p.TenantID); t != nil && len(t.Hosts) > 0 {
		scheme, _, _ := strings.Cut(requestBaseURL(c), "://")
		p.SourceURL = scheme + "://" + t.Hosts[0] + path
	}
}

// requestBaseURL is the scheme and host the caller used (the tenant's host).
func requestBaseURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// handleListReuseProfiles is the deployment-wide catalogue: every tenant's published
// profiles, searchable with ?q=.
func (s *Server) handleListReuseProfiles(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	limit, err := parseLimit(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := c.Query("q")
	if len(q) > 200 {
		s.fail(c, domain.Invalid("q", "must have at most 200 characters"))
		return
	}
	ps, next, total, err := f.Catalogue.FindReuseProfiles(c.Request.Context(), domain.ReuseFilter{Query: q, Limit: limit, Cursor: c.Query("cursor")})
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]reuseProfileJSON, len(ps))
	for n, p := range ps {
		s.fillSourceURL(c, p)
		out[n] = toReuseJSON(p)
	}
	resp := reuseListResponse{listResponse: newList(out, next, total)}
	// The CDO's office sees which profiles its municipality has imported, and as which idea.
	if actor(c).Has(domain.RoleCDO) {
		tid, _ := domain.TenantID(c.Request.Context())
		resp.Imported = map[string]string{}
		for _, p := range ps {
			if p.TenantID == tid {
				continue
			}
			id, err := f.Catalogue.ImportedIdeaID(c.Request.Context(), p.TenantID+"."+p.IdeaID)
			if err != nil {
				s.fail(c, err)
				return
			}
			if id != "" {
				resp.Imported[p.ID] = id
			}
		}
	}
	c.JSON(http.StatusOK, resp)
}

// reuseListResponse is the catalogue page; Imported (cdo only) maps the profiles the
// caller's municipality imported to the ideas it made of them.
type reuseListResponse struct {
	listResponse[reuseProfileJSON]
	Imported map[string]string `json:"imported,omitempty"`
}

type importRequest struct {
	// ProfileID imports a profile of this deployment's catalogue.
	ProfileID string `json:"profileId" binding:"max=200"`
	// Profile imports a profile document (from another deployment).
	Profile json.RawMessage `json:"profile"`
}

type importResponse struct {
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	Stage   domain.Stage  `json:"stage"`
	Source  domain.Source `json:"source"`
	Origin  *ideaOrigin   `json:"origin"`
	Version int64         `json:"version"`
}

// handleImportReuseProfile creates an idea (stage submitted, source other_municipality) from
// a catalogue profile or a profile document validated against the schema (cdo).
func (s *Server) handleImportReuseProfile(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req importRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	hasDoc := len(bytes.TrimSpace(req.Profile)) > 0 && string(bytes.TrimSpace(req.Profile)) != "null"
	var p *domain.ReuseProfile
	switch {
	case req.ProfileID != "" && hasDoc, req.ProfileID == "" && !hasDoc:
		s.fail(c, domain.Invalid("profileId", "send either profileId (from the catalogue) or profile (a profile document)"))
		return
	case req.ProfileID != "":
		var err error
		if p, err = f.Catalogue.FindReuseProfileByID(ctx, req.ProfileID); err != nil {
			s.fail(c, err)
			return
		}
		s.fillSourceURL(c, p) // the imported idea links to where the profile is served
	default:
		if err := validateReuseProfile(req.Profile); err != nil {
			s.fail(c, err)
			return
		}
		var doc reuseProfileJSON
		if err := json.Unmarshal(req.Profile, &doc); err != nil {
			s.fail(c, domain.Invalid("profile", "must be a reuse profile"))
			return
		}
		p = doc.toDomain()
	}
	i, err := f.ImportReuseProfile(ctx, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(i.Decisions) > 0 {
		// An imported idea arrives submitted: the same news (and webhook) as a submission.
		s.publishEngagement(ctx, domain.TransitionEvent(i, i.Decisions[len(i.Decisions)-1]))
	}
	out := importResponse{ID: i.ID, Title: i.Title, Stage: i.Stage, Source: i.Source, Origin: toIdeaOrigin(i.Origin), Version: i.Version}
	c.Header("ETag", etag(i.Version))
	c.Header("Location", "/api/v1/ideas/"+i.ID)
	c.JSON(http.StatusCreated, out)
}
