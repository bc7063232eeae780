package mongo_test

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func TestAttachmentStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	content := bytes.Repeat([]byte("\x89PNG\r\n\x1a\n0123456789"), 40_000) // ~720 KB, several GridFS chunks
	newAttachment := func(ideaID, name string) *domain.Attachment {
		return &domain.Attachment{IdeaID: ideaID, Filename: name, ContentType: "image/png",
			Size: int64(len(content)), SHA256: "00", UploaderID: "u1"}
	}
	count := func(t *testing.T, ideaID string) int {
		t.Helper()
		i, err := db.FindIdeaByID(ctx, ideaID)
		if err != nil {
			t.Fatal(err)
		}
		return i.AttachmentCount
	}

	t.Run("CreateListOpenDelete", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Mit Anhang")
		a := newAttachment(i.ID, "plan.png")
		if err := db.CreateAttachment(ctx, a, bytes.NewReader(content)); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindAttachmentByID(ctx, a.ID)
		if err != nil || got.Filename != "plan.png" || got.Size != int64(len(content)) || got.IdeaID != i.ID {
			t.Fatalf("got %+v, %v", got, err)
		}
		list, err := db.FindAttachments(ctx, i.ID)
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("list %v, %v", list, err)
		}
		rc, err := db.OpenAttachment(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil || !bytes.Equal(data, content) {
			t.Fatalf("content differs (%d bytes), %v", len(data), err)
		}
		if n := count(t, i.ID); n != 1 {
			t.Fatalf("count %d", n)
		}
		if err := db.DeleteAttachment(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindAttachmentByID(ctx, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("after delete: %v", err)
		}
		if _, err := db.OpenAttachment(ctx, got); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("content after delete: %v", err)
		}
		if err := db.DeleteAttachment(ctx, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("second delete: %v", err)
		}
		if n := count(t, i.ID); n != 0 {
			t.Fatalf("count %d", n)
		}
	})
	// The content is plain GridFS: the driver's reader reads our files, and we read files
	// that the driver's writer stored (e.g. brought in by an import).
	t.Run("GridFSCompatible", func(t *testing.T) {
		i := engIdea(t, db, ctx, "GridFS")
		bucket := db.GridFSBucket(mongo.PartitionName("files", mongo.PartitionOf(i.ID)))
		a := newAttachment(i.ID, "ours.png")
		if err := db.CreateAttachment(ctx, a, bytes.NewReader(content)); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if _, err := bucket.DownloadToStream(ctx, a.ID, &got); err != nil || !bytes.Equal(got.Bytes(), content) {
			t.Fatalf("driver reads %d bytes, %v", got.Len(), err)
		}
		foreign := &domain.Attachment{ID: a.ID[:3] + "0000-foreign", IdeaID: i.ID}
		if err := bucket.UploadFromStreamWithID(ctx, foreign.ID, "theirs.png", bytes.NewReader(content)); err != nil {
			t.Fatal(err)
		}
		rc, err := db.OpenAttachment(ctx, foreign)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		_ = rc.Close()
		if !bytes.Equal(data, content) {
			t.Fatalf("read %d bytes of a driver-written file", len(data))
		}
		empty := newAttachment(i.ID, "leer.png")
		if err := db.CreateAttachment(ctx, empty, bytes.NewReader(nil)); err != nil {
			t.Fatal(err)
		}
		rc, err = db.OpenAttachment(ctx, empty)
		if err != nil {
			t.Fatal(err)
		}
		if data, _ := io.ReadAll(rc); len(data) != 0 {
			t.Fatalf("empty file read as %d bytes", len(data))
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Nur für eins")
		a := newAttachment(i.ID, "x.png")
		if err := db.CreateAttachment(other, a, bytes.NewReader(content)); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("upload across tenants: %v", err)
		}
		a = newAttachment(i.ID, "x.png")
		_ = db.CreateAttachment(ctx, a, bytes.NewReader(content))
		if _, err := db.FindAttachmentByID(other, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read across tenants: %v", err)
		}
		if err := db.DeleteAttachment(other, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("delete across tenants: %v", err)
		}
		if list, _ := db.FindAttachments(other, i.ID); len(list) != 0 {
			t.Fatal("list across tenants")
		}
	})
	// Ten files per idea, exactly, also when fifteen uploads race; a delete frees a place.
	t.Run("TenPerIdeaUnderConcurrency", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Viele Anhänge")
		var ok, full atomic.Int32
		var wg sync.WaitGroup
		for k := range 15 {
			wg.Go(func() {
				err := db.CreateAttachment(ctx, newAttachment(i.ID, fmt.Sprintf("f%d.png", k)), bytes.NewReader(content[:1000]))
				switch domain.ErrorCode(err) {
				case "":
					ok.Add(1)
				case domain.ECONFLICT:
					full.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		list, _ := db.FindAttachments(ctx, i.ID)
		if ok.Load() != 10 || full.Load() != 5 || len(list) != 10 || count(t, i.ID) != 10 {
			t.Fatalf("stored %d, refused %d, listed %d, counted %d", ok.Load(), full.Load(), len(list), count(t, i.ID))
		}
		if err := db.DeleteAttachment(ctx, list[3].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateAttachment(ctx, newAttachment(i.ID, "again.png"), bytes.NewReader(content[:1000])); err != nil {
			t.Fatalf("upload after a delete: %v", err)
		}
		if err := db.CreateAttachment(ctx, newAttachment(i.ID, "eleven.png"), bytes.NewReader(content[:1000])); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("11th: %v", err)
		}
	})
}
