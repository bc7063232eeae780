package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// colFunnelSettings holds one document per tenant (_id = tenant ID): the gate checklist,
// the default criteria set and the index of parked ideas ({parked: {<ideaId>: revisitAt}}),
// which ReviveDueParkedIdeas reads for every tenant without scanning ideas. The parked map
// is changed with $set/$unset of one key, never with the settings' version.
const colFunnelSettings = "funnel_settings"

type checklistItemDoc struct {
	Key      string `bson:"key"`
	Label    string `bson:"label"`
	Required bool   `bson:"required"`
}

type funnelSettingsDoc struct {
	ID                   string               `bson:"_id"`
	Checklist            []checklistItemDoc   `bson:"checklist"`
	DefaultCriteriaSetID string               `bson:"defaultCriteriaSetId,omitempty"`
	Version              int64                `bson:"version"`
	UpdatedAt            time.Time            `bson:"updatedAt"`
	Parked               map[string]time.Time `bson:"parked,omitempty"`
}

var (
	_ domain.FunnelSettingsStore = (*DB)(nil)
	_ domain.ParkedIndex         = (*DB)(nil)
)

// FindFunnelSettings implements domain.FunnelSettingsStore.
func (db *DB) FindFunnelSettings(ctx context.Context) (*domain.FunnelSettings, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	var d funnelSettingsDoc
	err = db.c(colFunnelSettings).FindOne(ctx, bson.D{{Key: "_id", Value: tid}}).Decode(&d)
	if err != nil && domain.ErrorCode(mapErr(err, "settings")) != domain.ENOTFOUND {
		return nil, mapErr(err, "settings")
	}
	s := &domain.FunnelSettings{TenantID: tid, Checklist: domain.DefaultChecklist()}
	if err == nil && d.Version > 0 {
		s.Checklist = make([]domain.ChecklistItem, len(d.Checklist))
		for i, it := range d.Checklist {
			s.Checklist[i] = domain.ChecklistItem(it)
		}
		s.DefaultCriteriaSetID, s.Version, s.UpdatedAt = d.DefaultCriteriaSetID, d.Version, d.UpdatedAt
	}
	return s, nil
}

// SaveFunnelSettings implements domain.FunnelSettingsStore. Version 0 inserts (or takes
// over a document that so far holds only parked ideas).
func (db *DB) SaveFunnelSettings(ctx context.Context, s *domain.FunnelSettings) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	items := make([]checklistItemDoc, len(s.Checklist))
	for i, it := range s.Checklist {
		items[i] = checklistItemDoc(it)
	}
	now := db.now()
	defer lockFunnel("settings:" + tid)()
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "checklist", Value: items}, {Key: "defaultCriteriaSetId", Value: s.DefaultCriteriaSetID},
		{Key: "version", Value: s.Version + 1}, {Key: "updatedAt", Value: now}}}}
	var filter bson.D
	if s.Version == 0 {
		// Absent, or present without a version (parked ideas only).
		filter = bson.D{{Key: "_id", Value: tid}, {Key: "version", Value: bson.D{{Key: "$exists", Value: false}}}}
	} else {
		filter = bson.D{{Key: "_id", Value: tid}, {Key: "version", Value: s.Version}}
	}
	res, err := db.c(colFunnelSettings).UpdateOne(ctx, filter, set, options.UpdateOne().SetUpsert(s.Version == 0))
	if err != nil {
		if domain.ErrorCode(mapErr(err, "settings")) == domain.ECONFLICT {
			return domain.Errorf(domain.EPRECONDITIONFAILED, "the settings were changed by someone else; reload and try again")
		}
		return mapErr(err, "settings")
	}
	if res.MatchedCount == 0 && res.UpsertedCount == 0 {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the settings were changed by someone else; reload and try again")
	}
	s.TenantID, s.Version, s.UpdatedAt = tid, s.Version+1, now
	return nil
}

// SetParked implements domain.ParkedIndex.
func (db *DB) SetParked(ctx context.Context, ideaID string, revisitAt time.Time) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	defer lockFunnel("settings:" + tid)()
	_, err = db.c(colFunnelSettings).UpdateOne(ctx, bson.D{{Key: "_id", Value: tid}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "parked." + ideaID, Value: revisitAt.UTC()}}}}, options.UpdateOne().SetUpsert(true))
	return mapErr(err, "parked ideas")
}

// ClearParked implements domain.ParkedIndex.
func (db *DB) ClearParked(ctx context.Context, ideaID string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	defer lockFunnel("settings:" + tid)()
	_, err = db.c(colFunnelSettings).UpdateOne(ctx, bson.D{{Key: "_id", Value: tid}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "parked." + ideaID, Value: ""}}}})
	return mapErr(err, "parked ideas")
}

// FindDueParked implements domain.ParkedIndex. One document per tenant: a full scan is cheap.
func (db *DB) FindDueParked(ctx context.Context, now time.Time) ([]domain.ParkedRef, error) {
	cur, err := db.c(colFunnelSettings).Find(ctx, bson.D{})
	if err != nil {
		return nil, mapErr(err, "parked ideas")
	}
	var docs []funnelSettingsDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "parked ideas")
	}
	var out []domain.ParkedRef
	for _, d := range docs {
		for id, at := range d.Parked {
			if !at.After(now) {
				out = append(out, domain.ParkedRef{TenantID: d.ID, IdeaID: id, RevisitAt: at})
			}
		}
	}
	return out, nil
}
