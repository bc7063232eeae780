package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// colCampaigns holds campaigns: a few dozen per tenant, written rarely, so one plain
// collection serves them.
const colCampaigns = "campaigns"

type campaignDoc struct {
	ID                  string    `bson:"_id"`
	TenantID            string    `bson:"tenantId"`
	Title               string    `bson:"title"`
	Question            string    `bson:"question"`
	Description         string    `bson:"description"`
	Audience            string    `bson:"audience"`
	Status              string    `bson:"status"`
	OpensAt             time.Time `bson:"opensAt"`
	ClosesAt            time.Time `bson:"closesAt"`
	CriteriaSetID       string    `bson:"criteriaSetId"`
	ReviewersPerIdea    int       `bson:"reviewersPerIdea"`
	SponsorDepartmentID string    `bson:"sponsorDepartmentId"`
	OpenedAt            time.Time `bson:"openedAt"`
	ClosedAt            time.Time `bson:"closedAt"`
	CreatedBy           string    `bson:"createdBy"`
	Version             int64     `bson:"version"`
	CreatedAt           time.Time `bson:"createdAt"`
	UpdatedAt           time.Time `bson:"updatedAt"`
}

func (d *campaignDoc) tenant() string { return d.TenantID }

func (d *campaignDoc) toDomain() *domain.Campaign {
	return &domain.Campaign{
		ID: d.ID, TenantID: d.TenantID, Title: d.Title, Question: d.Question, Description: d.Description,
		Audience: domain.Visibility(d.Audience), Status: domain.CampaignStatus(d.Status), OpensAt: d.OpensAt,
		ClosesAt: d.ClosesAt, CriteriaSetID: d.CriteriaSetID, ReviewersPerIdea: d.ReviewersPerIdea,
		SponsorDepartmentID: d.SponsorDepartmentID, OpenedAt: d.OpenedAt, ClosedAt: d.ClosedAt,
		CreatedBy: d.CreatedBy, Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
}

func campaignToDoc(c *domain.Campaign) *campaignDoc {
	return &campaignDoc{
		ID: c.ID, TenantID: c.TenantID, Title: c.Title, Question: c.Question, Description: c.Description,
		Audience: string(c.Audience), Status: string(c.Status), OpensAt: c.OpensAt,
		ClosesAt: c.ClosesAt, CriteriaSetID: c.CriteriaSetID, ReviewersPerIdea: c.ReviewersPerIdea,
		SponsorDepartmentID: c.SponsorDepartmentID, OpenedAt: c.OpenedAt, ClosedAt: c.ClosedAt,
		CreatedBy: c.CreatedBy, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

var _ domain.CampaignStore = (*DB)(nil)

// CreateCampaign implements domain.CampaignStore.
func (db *DB) CreateCampaign(ctx context.Context, c *domain.Campaign) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if c.ID == "" {
		c.ID = db.NewID()
	}
	now := db.now()
	c.TenantID, c.Version, c.CreatedAt, c.UpdatedAt = tid, 1, now, now
	d := campaignToDoc(c)
	if _, err = db.c(colCampaigns).InsertOne(ctx, d); err != nil {
		return mapErr(err, "campaign")
	}
	if db.exclusive {
		db.campaigns.wrote(tid+"\x00"+c.ID, d)
	}
	return nil
}

// FindCampaignByID implements domain.CampaignStore.
func (db *DB) FindCampaignByID(ctx context.Context, id string) (*domain.Campaign, error) {
	d, err := findCached(ctx, db, &db.campaigns, db.c(colCampaigns), id, "campaign")
	if err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindCampaigns implements domain.CampaignStore.
func (db *DB) FindCampaigns(ctx context.Context) ([]*domain.Campaign, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.c(colCampaigns).Find(ctx, bson.D{{Key: "tenantId", Value: tid}},
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}))
	if err != nil {
		return nil, mapErr(err, "campaigns")
	}
	var docs []campaignDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "campaigns")
	}
	out := make([]*domain.Campaign, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, nil
}

// UpdateCampaign implements domain.CampaignStore.
func (db *DB) UpdateCampaign(ctx context.Context, c *domain.Campaign) error {
	old, err := db.FindCampaignByID(ctx, c.ID)
	if err != nil {
		return err
	}
	d := campaignToDoc(c)
	d.TenantID, d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.Version = old.TenantID, old.CreatedAt, old.CreatedBy, db.now(), c.Version+1
	res, err := db.c(colCampaigns).ReplaceOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "version", Value: c.Version}}, d)
	if db.exclusive {
		// Replaced, or maybe (an error after the store applied it): nothing known then.
		var known *campaignDoc
		if err == nil && res.MatchedCount == 1 {
			known = d
		}
		db.campaigns.wrote(old.TenantID+"\x00"+c.ID, known)
	}
	if err != nil {
		return mapErr(err, "campaign")
	}
	if res.MatchedCount == 0 {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "someone else changed this campaign in the meantime; reload and try again")
	}
	c.Version, c.UpdatedAt, c.TenantID, c.CreatedAt, c.CreatedBy = d.Version, d.UpdatedAt, d.TenantID, d.CreatedAt, d.CreatedBy
	return nil
}
