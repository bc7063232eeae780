package mongo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Attachments: the metadata lives in the partitioned family "attachments" (an idea's list
// scans one partition), the content in the GridFS bucket of the same partition
// ("files_1f.files", "files_1f.chunks") under the attachment's ID. The ID names the
// partition (see partitionedID), so GET /attachments/{id} needs no other lookup.
//
// The limit of AttachmentsPerIdea is exact even under concurrent uploads: an upload first
// claims one of the idea's numbered slots, {_id: "<ideaId>:<n>"}, whose uniqueness the store
// guarantees; a delete frees it.
const (
	famAttachments     = "attachments"
	famAttachmentSlots = "attachmentslots"
	famFiles           = "files"
	// staleSlot is how long an upload may take before its claimed slot, with no
	// attachment written, counts as left behind by a crash.
	staleSlot = 15 * time.Minute
)

type attachmentDoc struct {
	ID          string    `bson:"_id"`
	TenantID    string    `bson:"tenantId"`
	IdeaID      string    `bson:"ideaId"`
	Filename    string    `bson:"filename"`
	ContentType string    `bson:"contentType"`
	Size        int64     `bson:"size"`
	SHA256      string    `bson:"sha256"`
	UploaderID  string    `bson:"uploaderId"`
	Slot        string    `bson:"slot"`
	CreatedAt   time.Time `bson:"createdAt"`
}

func (d *attachmentDoc) tenant() string { return d.TenantID }

func (d *attachmentDoc) toDomain() *domain.Attachment {
	return &domain.Attachment{
		ID: d.ID, TenantID: d.TenantID, IdeaID: d.IdeaID, Filename: d.Filename, ContentType: d.ContentType,
		Size: d.Size, SHA256: d.SHA256, UploaderID: d.UploaderID, CreatedAt: d.CreatedAt,
	}
}

type attachmentSlotDoc struct {
	ID           string    `bson:"_id"`
	TenantID     string    `bson:"tenantId"`
	AttachmentID string    `bson:"attachmentId"`
	CreatedAt    time.Time `bson:"createdAt"`
}

var _ domain.AttachmentStore = (*DB)(nil)

// bucket returns the GridFS bucket of an attachment's partition. Buckets are cheap
// handles; a fresh one per operation avoids sharing their first-write state.
func (db *DB) bucket(attachmentID string) (*mongo.GridFSBucket, bool) {
	p, ok := partitionOfID(attachmentID)
	if !ok {
		return nil, false
	}
	return db.DB.GridFSBucket(options.GridFSBucket().SetName(PartitionName(famFiles, p))), true
}

// CreateAttachment implements domain.AttachmentStore.
func (db *DB) CreateAttachment(ctx context.Context, a *domain.Attachment, content io.Reader) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if err := db.checkIdea(ctx, a.IdeaID); err != nil {
		return err
	}
	a.ID, a.TenantID, a.CreatedAt = db.partitionedID(a.IdeaID), tid, db.now()
	slot, err := db.claimSlot(ctx, tid, a.IdeaID, a.ID)
	if err != nil {
		return err
	}
	// From here on every failure undoes what was done, also if the client went away.
	bg := context.WithoutCancel(ctx)
	slots := db.part(famAttachmentSlots, a.IdeaID)
	release := func() { _, _ = slots.DeleteOne(bg, bson.D{{Key: "_id", Value: slot}}) }
	b, _ := db.bucket(a.ID)
	err = b.UploadFromStreamWithID(ctx, a.ID, a.Filename, content, options.GridFSUpload().SetMetadata(
		bson.D{{Key: "tenantId", Value: tid}, {Key: "ideaId", Value: a.IdeaID}, {Key: "contentType", Value: a.ContentType}}))
	if err != nil {
		release()
		_ = b.Delete(bg, a.ID)
		return mapErr(err, "attachment content")
	}
	col := db.part(famAttachments, a.IdeaID)
	_, err = col.InsertOne(ctx, attachmentDoc{
		ID: a.ID, TenantID: tid, IdeaID: a.IdeaID, Filename: a.Filename, ContentType: a.ContentType,
		Size: a.Size, SHA256: a.SHA256, UploaderID: a.UploaderID, Slot: slot, CreatedAt: a.CreatedAt,
	})
	if err != nil {
		_ = b.Delete(bg, a.ID)
		release()
		return mapErr(err, "attachment")
	}
	if err := db.incCounters(ctx, a.IdeaID, domain.CounterDelta{Attachments: 1}); err != nil {
		_, _ = col.DeleteOne(bg, bson.D{{Key: "_id", Value: a.ID}})
		_ = b.Delete(bg, a.ID)
		release()
		return fmt.Errorf("count attachments: %w", err)
	}
	return nil
}

// claimSlot claims a free slot of the idea for attachmentID and returns its key.
func (db *DB) claimSlot(ctx context.Context, tid, ideaID, attachmentID string) (string, error) {
	slots := db.part(famAttachmentSlots, ideaID)
	for n := range domain.AttachmentsPerIdea {
		key := ideaID + ":" + strconv.Itoa(n)
		_, err := slots.InsertOne(ctx, attachmentSlotDoc{ID: key, TenantID: tid, AttachmentID: attachmentID, CreatedAt: db.now()})
		if err == nil {
			return key, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return "", mapErr(err, "attachment slot")
		}
	}
	// All taken: reclaim a slot that a crashed upload left behind, if there is one.
	for n := range domain.AttachmentsPerIdea {
		key := ideaID + ":" + strconv.Itoa(n)
		var s attachmentSlotDoc
		if err := slots.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&s); err != nil {
			continue
		}
		if db.now().Sub(s.CreatedAt) < staleSlot {
			continue
		}
		if _, err := db.FindAttachmentByID(ctx, s.AttachmentID); domain.ErrorCode(err) != domain.ENOTFOUND {
			continue
		}
		unlock := lockEngagement(famAttachmentSlots + ":" + key)
		res, err := slots.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "attachmentId", Value: s.AttachmentID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "attachmentId", Value: attachmentID}, {Key: "createdAt", Value: db.now()}}}})
		unlock()
		if err == nil && res.ModifiedCount == 1 {
			return key, nil
		}
	}
	return "", domain.Errorf(domain.ECONFLICT, "an idea can have at most %d files; delete one first", domain.AttachmentsPerIdea)
}

// FindAttachmentByID implements domain.AttachmentStore.
func (db *DB) FindAttachmentByID(ctx context.Context, id string) (*domain.Attachment, error) {
	col, ok := db.byPartitionedID(famAttachments, id)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "attachment not found")
	}
	var d attachmentDoc
	if err := findOwned(ctx, col, id, "attachment", &d); err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindAttachments implements domain.AttachmentStore.
func (db *DB) FindAttachments(ctx context.Context, ideaID string) ([]*domain.Attachment, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.part(famAttachments, ideaID).Find(ctx,
		bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: tid}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, mapErr(err, "attachments")
	}
	var docs []attachmentDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "attachments")
	}
	out := make([]*domain.Attachment, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, nil
}

// OpenAttachment implements domain.AttachmentStore.
func (db *DB) OpenAttachment(ctx context.Context, a *domain.Attachment) (io.ReadCloser, error) {
	b, ok := db.bucket(a.ID)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "attachment not found")
	}
	s, err := b.OpenDownloadStream(ctx, a.ID)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, domain.Errorf(domain.ENOTFOUND, "attachment not found")
	}
	if err != nil {
		return nil, mapErr(err, "attachment content")
	}
	return s, nil
}

// DeleteAttachment implements domain.AttachmentStore.
func (db *DB) DeleteAttachment(ctx context.Context, id string) error {
	a, err := db.FindAttachmentByID(ctx, id)
	if err != nil {
		return err
	}
	col, _ := db.byPartitionedID(famAttachments, id)
	unlock := lockEngagement(famAttachments + ":" + id)
	defer unlock()
	var d attachmentDoc
	err = col.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if err != nil {
		return mapErr(err, "attachment") // ENOTFOUND: a concurrent delete won
	}
	bg := context.WithoutCancel(ctx)
	b, _ := db.bucket(id)
	if err := b.Delete(bg, id); err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
		return mapErr(err, "attachment content")
	}
	if _, err := db.part(famAttachmentSlots, a.IdeaID).DeleteOne(bg,
		bson.D{{Key: "_id", Value: d.Slot}, {Key: "attachmentId", Value: id}}); err != nil {
		return mapErr(err, "attachment slot")
	}
	if err := db.incCounters(bg, a.IdeaID, domain.CounterDelta{Attachments: -1}); err != nil {
		return fmt.Errorf("count attachments: %w", err)
	}
	return nil
}
