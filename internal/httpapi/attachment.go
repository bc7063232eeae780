package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gabriel-vasile/mimetype"
	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// attachmentUploadLimit is the body cap of the upload route: one file of the maximum size
// plus room for the multipart framing (registered in uploadLimits).
const attachmentUploadLimit = domain.AttachmentMaxBytes + 64<<10

type attachmentResponse struct {
	ID          string    `json:"id"`
	IdeaID      string    `json:"ideaId"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploaderID  string    `json:"uploaderId"`
	CreatedAt   time.Time `json:"createdAt"`
	// DownloadURL is where the content is served (GET /attachments/{id}).
	DownloadURL string `json:"downloadUrl"`
}

func toAttachment(a *domain.Attachment) attachmentResponse {
	return attachmentResponse{ID: a.ID, IdeaID: a.IdeaID, Filename: a.Filename, ContentType: a.ContentType,
		Size: a.Size, SHA256: a.SHA256, UploaderID: a.UploaderID, CreatedAt: a.CreatedAt,
		DownloadURL: "/api/v1/attachments/" + a.ID}
}

// handleListAttachments lists an idea's files.
func (s *Server) handleListAttachments(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	as, err := s.Store.FindAttachments(c.Request.Context(), i.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]attachmentResponse, len(as))
	for n, a := range as {
		out[n] = toAttachment(a)
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

// handleUploadAttachment stores a file sent as multipart/form-data in the field "file".
// The type is decided from the content; the name only survives, sanitised, as a label
// with the extension of the detected type.
func (s *Server) handleUploadAttachment(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	if err := domain.MayUploadAttachment(a, i); err != nil {
		s.fail(c, err)
		return
	}
	if i.AttachmentCount >= domain.AttachmentsPerIdea {
		s.fail(c, domain.Conflict(domain.RAttachmentsFull, "an idea can have at most %d files; delete one first", domain.AttachmentsPerIdea).With("max", strconv.Itoa(domain.AttachmentsPerIdea)))
		return
	}
	name, data, err := readUpload(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	t := detectAttachmentType(data)
	if t == nil {
		s.fail(c, domain.Because(domain.EUNSUPPORTEDMEDIA, domain.RFileType,
			"files of this type are not accepted (the content is %s); allowed are PDF, PNG, JPEG, WebP, DOCX, XLSX and ODT",
			mimetype.Detect(data).String()))
		return
	}
	sum := sha256.Sum256(data)
	at := &domain.Attachment{IdeaID: i.ID, Filename: domain.SanitizeFilename(name, t), ContentType: t.MIME,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), UploaderID: a.UserID}
	if err := s.Store.CreateAttachment(c.Request.Context(), at, bytes.NewReader(data)); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/attachments/"+at.ID)
	c.JSON(http.StatusCreated, toAttachment(at))
}

// readUpload reads the one part "file" of a multipart body, at most AttachmentMaxBytes.
func readUpload(r *http.Request) (string, []byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", nil, domain.Errorf(domain.EUNSUPPORTEDMEDIA, "send the file as multipart/form-data in the field \"file\"")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, domain.Errorf(domain.EINVALID, "the multipart body cannot be read")
	}
	var (
		name  string
		data  []byte
		found bool
	)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, uploadReadError(err)
		}
		if p.FormName() != "file" {
			_ = p.Close()
			return "", nil, domain.Invalid(p.FormName(), "unknown field; send the file in the field \"file\"")
		}
		if found {
			return "", nil, domain.InvalidFor("file", domain.ROneFile, "send one file per request")
		}
		found, name = true, p.FileName()
		data, err = io.ReadAll(io.LimitReader(p, domain.AttachmentMaxBytes+1))
		if err != nil {
			return "", nil, uploadReadError(err)
		}
		if len(data) > domain.AttachmentMaxBytes {
			return "", nil, fileTooLarge()
		}
	}
	if !found {
		return "", nil, domain.Invalid("file", "is required")
	}
	if len(data) == 0 {
		return "", nil, domain.InvalidFor("file", domain.RFileEmpty, "the file is empty")
	}
	return name, data, nil
}

func fileTooLarge() error {
	return domain.Errorf(domain.ETOOLARGE, "the file is larger than %d MB", domain.AttachmentMaxBytes>>20)
}

func uploadReadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fileTooLarge()
	}
	return domain.Errorf(domain.EINVALID, "the multipart body is malformed")
}

// detectAttachmentType returns the accepted type of the content, or nil.
func detectAttachmentType(data []byte) *domain.AttachmentType {
	m := mimetype.Detect(data)
	for n := range domain.AttachmentTypes {
		if m.Is(domain.AttachmentTypes[n].MIME) {
			return &domain.AttachmentTypes[n]
		}
	}
	return nil
}

// attachmentOfVisibleIdea loads an attachment whose idea the caller can see; 404 otherwise.
func (s *Server) attachmentOfVisibleIdea(c *gin.Context) (*domain.Attachment, *domain.Idea, error) {
	at, err := s.Store.FindAttachmentByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, nil, err
	}
	i, err := s.engagementIdea(c, at.IdeaID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "attachment not found")
	}
	return at, i, err
}

// handleDownloadAttachment serves the content as a download, never for display: the
// browser must not sniff or render it in our origin.
func (s *Server) handleDownloadAttachment(c *gin.Context) {
	at, _, err := s.attachmentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rc, err := s.Store.OpenAttachment(c.Request.Context(), at)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", at.ContentType)
	h.Set("Content-Length", strconv.FormatInt(at.Size, 10))
	h.Set("Content-Disposition", contentDisposition(at.Filename))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-cache")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil {
		// Headers are sent; all that is left is to stop and log.
		s.logger.WarnContext(c.Request.Context(), "attachment download interrupted", "err", err, "attachment", at.ID)
		_ = c.Error(err)
	}
}

// contentDisposition builds the header with a plain ASCII filename for old clients and
// the exact name as filename* in UTF-8 percent-encoding (RFC 5987, RFC 6266).
func contentDisposition(name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if b < 0x80 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", b) >= 0) {
			ext.WriteByte(b)
		} else {
			ext.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{b})))
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + ext.String()
}

// handleDeleteAttachment removes a file (uploader while the idea is editable, or cdo).
func (s *Server) handleDeleteAttachment(c *gin.Context) {
	at, i, err := s.attachmentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := domain.MayDeleteAttachment(actor(c), i, at); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Store.DeleteAttachment(c.Request.Context(), at.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
