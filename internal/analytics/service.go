package analytics

import (
	"context"
	"fmt"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// IdeaScanner streams every idea of every tenant (the store's domain.IdeaFeed does).
type IdeaScanner interface {
	ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error
}

// ReviewReader reads an idea's assignments and reviews: the part of domain.ReviewStore
// the figures need.
type ReviewReader interface {
	FindIdeaReviewers(ctx context.Context, ideaID string) (*domain.IdeaReviewers, error)
	FindReviews(ctx context.Context, ideaID string, reviewerIDs []string) ([]*domain.Review, error)
}

// DepartmentLister, CampaignLister and UserFinder label the figures; each is optional.
type (
	DepartmentLister interface {
		FindDepartments(ctx context.Context) ([]*domain.Department, error)
	}
	CampaignLister interface {
		FindCampaigns(ctx context.Context) ([]*domain.Campaign, error)
	}
	UserFinder interface {
		FindUserByID(ctx context.Context, id string) (*domain.User, error)
	}
)

// Service computes the figures of the context's tenant from the stores.
type Service struct {
	Ideas IdeaScanner
	// Reviews is optional: without it the reviewer figures are marked unavailable.
	Reviews     ReviewReader
	Departments DepartmentLister
	Campaigns   CampaignLister
	Users       UserFinder
}

// ScanIdeas calls fn with every idea of the context's tenant, streaming.
func (s *Service) ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	return s.Ideas.ScanIdeas(ctx, func(i *domain.Idea) error {
		if i.TenantID != tid {
			return nil
		}
		return fn(i)
	})
}

// IdeaReviews returns an idea's assignments and the reviews of its assigned reviewers
// (nil, nil without a review store).
func (s *Service) IdeaReviews(ctx context.Context, ideaID string) (*domain.IdeaReviewers, []*domain.Review, error) {
	if s.Reviews == nil {
		return nil, nil, nil
	}
	rs, err := s.Reviews.FindIdeaReviewers(ctx, ideaID)
	if err != nil {
		return nil, nil, fmt.Errorf("reviewers of idea %s: %w", ideaID, err)
	}
	if rs == nil || len(rs.Assignments) == 0 {
		return rs, nil, nil
	}
	ids := make([]string, len(rs.Assignments))
	for k, a := range rs.Assignments {
		ids[k] = a.ReviewerID
	}
	reviews, err := s.Reviews.FindReviews(ctx, ideaID, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("reviews of idea %s: %w", ideaID, err)
	}
	return rs, reviews, nil
}

// Funnel computes the report of the context's tenant.
func (s *Service) Funnel(ctx context.Context, opts Options) (*Report, error) {
	b := NewBuilder(opts)
	if s.Reviews != nil {
		b.EnableReviews()
	}
	err := s.ScanIdeas(ctx, func(i *domain.Idea) error {
		if !b.AddIdea(i) || s.Reviews == nil {
			return nil
		}
		rs, reviews, err := s.IdeaReviews(ctx, i.ID)
		if err != nil {
			return err
		}
		b.AddReviews(i, rs, reviews)
		return nil
	})
	if err != nil {
		return nil, err
	}
	r := b.Report()
	if err := s.label(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// label fills the names of departments, campaigns and reviewers.
func (s *Service) label(ctx context.Context, r *Report) error {
	if s.Departments != nil {
		ds, err := s.Departments.FindDepartments(ctx)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, d := range ds {
			names[d.ID] = d.Code + " — " + d.Name
		}
		for k := range r.ByDepartment {
			r.ByDepartment[k].Label = names[r.ByDepartment[k].Key]
		}
	}
	if s.Campaigns != nil {
		cs, err := s.Campaigns.FindCampaigns(ctx)
		if err != nil {
			return err
		}
		titles := map[string]string{}
		for _, c := range cs {
			titles[c.ID] = c.Title
		}
		for k := range r.ByCampaign {
			r.ByCampaign[k].Label = titles[r.ByCampaign[k].Key]
		}
		for k := range r.Agreement {
			r.Agreement[k].Label = titles[r.Agreement[k].CampaignID]
		}
	}
	if s.Users != nil {
		for k := range r.Reviewers.Rows {
			u, err := s.Users.FindUserByID(ctx, r.Reviewers.Rows[k].ReviewerID)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			r.Reviewers.Rows[k].Name = u.DisplayName
		}
	}
	return nil
}
