package domain

import (
	"context"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of attachments (PRODUCT.md: ≤ 10 files of ≤ 10 MB each per idea).
const (
	AttachmentMaxBytes = 10 << 20
	AttachmentsPerIdea = 10
	// AttachmentFilenameMax is the longest file name kept, in characters.
	AttachmentFilenameMax = 120
)

// AttachmentType is an accepted file type: its MIME type and the file name extensions
// that belong to it (the first is the canonical one).
type AttachmentType struct {
	MIME       string
	Extensions []string
}

// AttachmentTypes are the accepted types, decided from the content, never from the name.
var AttachmentTypes = []AttachmentType{
	{"application/pdf", []string{".pdf"}},
	{"image/png", []string{".png"}},
	{"image/jpeg", []string{".jpg", ".jpeg"}},
	{"image/webp", []string{".webp"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}},
	{"application/vnd.oasis.opendocument.text", []string{".odt"}},
}

// FindAttachmentType returns the accepted type of a detected MIME type, or nil.
func FindAttachmentType(mime string) *AttachmentType {
	for i := range AttachmentTypes {
		if AttachmentTypes[i].MIME == mime {
			return &AttachmentTypes[i]
		}
	}
	return nil
}

// Attachment is a file of an idea. The content lives in GridFS under the same ID.
type Attachment struct {
	ID          string
	TenantID    string
	IdeaID      string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string // hex
	UploaderID  string
	CreatedAt   time.Time
}

// AttachmentStore persists attachments of ideas of the context's tenant and keeps the
// idea's AttachmentCount in step.
type AttachmentStore interface {
	// CreateAttachment stores the content and the metadata a (ID, TenantID, CreatedAt are
	// set) and raises the idea's AttachmentCount. ECONFLICT when the idea already has
	// AttachmentsPerIdea attachments (also under concurrent uploads).
	CreateAttachment(ctx context.Context, a *Attachment, content io.Reader) error
	// FindAttachmentByID returns an attachment's metadata; ENOTFOUND.
	FindAttachmentByID(ctx context.Context, id string) (*Attachment, error)
	// FindAttachments lists the attachments of an idea, oldest first.
	FindAttachments(ctx context.Context, ideaID string) ([]*Attachment, error)
	// OpenAttachment streams an attachment's content; the caller closes it. ENOTFOUND.
	OpenAttachment(ctx context.Context, a *Attachment) (io.ReadCloser, error)
	// DeleteAttachment removes metadata and content and lowers the count; ENOTFOUND.
	DeleteAttachment(ctx context.Context, id string) error
}

// authorMayEdit reports whether the authors may still change the idea's files: exactly
// when they may edit its text (MayEditIdea) — a draft, or sent back by screening because
// it needs information.
func authorMayEdit(i *Idea) bool {
	return i.Stage == StageDraft || i.NeedsInformation()
}

// MayUploadAttachment: the cdo at any time; authors and co-authors while they may edit the idea.
func MayUploadAttachment(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to upload files")
	}
	if a.Has(RoleCDO) {
		return nil
	}
	if !i.IsAuthor(a.UserID) {
		return Errorf(EFORBIDDEN, "only the authors of an idea and the innovation office can add files")
	}
	if !authorMayEdit(i) {
		return Conflict(RAttachmentsLocked, "the idea is in %s; its files can no longer be changed by its authors", i.Stage).With("stage", string(i.Stage))
	}
	return nil
}

// MayDeleteAttachment: the cdo at any time; the uploader while they may still edit the
// idea (an author who is no longer an author, or an idea under review, keeps its files).
func MayDeleteAttachment(a *Actor, i *Idea, at *Attachment) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to delete files")
	}
	if a.Has(RoleCDO) {
		return nil
	}
	if at.UploaderID != a.UserID {
		return Errorf(EFORBIDDEN, "only the uploader and the innovation office can delete a file")
	}
	if !authorMayEdit(i) {
		return Conflict(RAttachmentsLocked, "the idea is in %s; its files can no longer be changed by its authors", i.Stage).With("stage", string(i.Stage))
	}
	return nil
}

// SanitizeFilename makes a client's file name safe to store and to offer for download:
// only the last path element, no control, format (bidi, zero-width) or reserved characters,
// at most AttachmentFilenameMax characters, and an extension that matches the detected
// type — so a PNG uploaded as "scan.pdf" is offered as "scan.png".
func SanitizeFilename(name string, t *AttachmentType) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base("/" + name)
	if name == "/" || name == "." || name == ".." {
		name = ""
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	ext := strings.ToLower(path.Ext(name))
	base := name
	if ext != "" {
		base = strings.TrimRight(name[:len(name)-len(ext)], " .")
	}
	if t != nil && !slices.Contains(t.Extensions, ext) {
		ext = t.Extensions[0]
	}
	if base == "" {
		base = "datei"
	}
	max := AttachmentFilenameMax - utf8.RuneCountInString(ext)
	if r := []rune(base); len(r) > max {
		base = strings.TrimRight(string(r[:max]), " .")
	}
	return base + ext
}
