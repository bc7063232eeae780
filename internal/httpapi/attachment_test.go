package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Sample files of every accepted type, built in the test.
func samplePNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{0, 92, 169, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleJPEG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleWebP() []byte {
	vp8 := []byte("VP8L\x05\x00\x00\x00\x2f\x00\x00\x00\x00\x00")
	b := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(vp8)))...)
	return append(append(b, "WEBP"...), vp8...)
}

func samplePDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// sampleZip builds an office document: OOXML (docx, xlsx) or OpenDocument (odt).
func sampleZip(t *testing.T, entries ...[2]string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e[0], Method: zip.Deflate}
		if e[0] == "mimetype" {
			h.Method = zip.Store // OpenDocument: stored, first, no extra field
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte(e[1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleDOCX(t *testing.T) []byte {
	return sampleZip(t, [2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`},
		[2]string{"word/document.xml", `<?xml version="1.0"?><w:document/>`})
}

func sampleXLSX(t *testing.T) []byte {
	return sampleZip(t, [2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`},
		[2]string{"xl/workbook.xml", `<?xml version="1.0"?><workbook/>`})
}

func sampleODT(t *testing.T) []byte {
	return sampleZip(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"},
		[2]string{"content.xml", `<?xml version="1.0"?><office:document-content/>`})
}

// multipartBody puts content into the form field (name "file" unless field is set).
func multipartBody(t *testing.T, field, filename string, content []byte, extra map[string]string) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range extra {
		_ = w.WriteField(k, v)
	}
	if field != "" {
		f, err := w.CreateFormFile(field, filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write(content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

var contentDispositionRe = regexp.MustCompile("^attachment; filename=\"[ !#-\\[\\]-~]*\"; filename\\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$")

type attachmentJSON struct {
	ID          string
	IdeaID      string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string `json:"sha256"`
	UploaderID  string
	DownloadURL string
}

func TestAttachmentAPI(t *testing.T) {
	env := apitest.New(t)
	citizen, employee, cdo, reviewer := env.Login(apitest.Citizen), env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer)
	upload := func(tok, ideaID, filename string, content []byte) *apitest.Response {
		body, ctype := multipartBody(t, "file", filename, content, nil)
		return env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + ideaID + "/attachments", Token: tok,
			RawBody: body, Header: http.Header{"Content-Type": {ctype}}})
	}
	mustUpload := func(t *testing.T, tok, ideaID, filename string, content []byte) attachmentJSON {
		t.Helper()
		r := upload(tok, ideaID, filename, content)
		if r.Status != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", filename, r.Status, r.Body)
		}
		var a attachmentJSON
		r.JSON(t, &a)
		return a
	}
	download := func(tok, id string) *apitest.Response {
		return env.Do(apitest.Request{Method: "GET", Path: "/attachments/" + id, Token: tok})
	}
	// The employee's idea, sent back by screening for more information: its authors may
	// change its files again.
	needsInfo := func(i *domain.Idea) {
		i.Stage, i.ScreeningPassed = domain.StageSubmitted, false
		i.Decisions = []domain.Decision{{From: domain.StageSubmitted, To: domain.StageScreening},
			{From: domain.StageScreening, To: domain.StageSubmitted, Reason: "Bitte Kosten ergänzen"}}
	}
	editable := func(t *testing.T) *domain.Idea { return engIdea(t, env, needsInfo) }

	t.Run("EveryAcceptedTypeByContent", func(t *testing.T) {
		i := editable(t)
		cases := []struct {
			name, filename, ctype, stored string
			content                       []byte
		}{
			{"PDF", "Konzept.pdf", "application/pdf", "Konzept.pdf", samplePDF()},
			{"PNG", "Skizze.png", "image/png", "Skizze.png", samplePNG(t)},
			{"JPEG", "Foto.JPG", "image/jpeg", "Foto.jpg", sampleJPEG(t)},
			{"WebP", "bild.webp", "image/webp", "bild.webp", sampleWebP()},
			{"DOCX", "Antrag.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Antrag.docx", sampleDOCX(t)},
			{"XLSX", "Kosten.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Kosten.xlsx", sampleXLSX(t)},
			{"ODT", "Bericht.odt", "application/vnd.oasis.opendocument.text", "Bericht.odt", sampleODT(t)},
			{"PNGNamedPDF", "scan.pdf", "image/png", "scan.png", samplePNG(t)},
			{"PDFWithoutName", "", "application/pdf", "datei.pdf", samplePDF()},
		}
		for k, tc := range cases {
			if k == domain.AttachmentsPerIdea {
				i = editable(t)
			}
			a := mustUpload(t, employee, i.ID, tc.filename, tc.content)
			if a.ContentType != tc.ctype || a.Filename != tc.stored || a.Size != int64(len(tc.content)) ||
				len(a.SHA256) != 64 || a.UploaderID != env.UserID(apitest.Employee) {
				t.Fatalf("%s: got %+v", tc.name, a)
			}
			r := download(employee, a.ID)
			if r.Status != http.StatusOK || !bytes.Equal(r.Body, tc.content) || r.Header.Get("Content-Type") != tc.ctype ||
				r.Header.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; ") {
				t.Fatalf("%s download: %d %v", tc.name, r.Status, r.Header)
			}
		}
	})
	t.Run("ErrRefusedContent", func(t *testing.T) {
		i := editable(t)
		cases := map[string]struct {
			filename string
			content  []byte
		}{
			"ExecutableNamedPDF": {"rechnung.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 200)...)},
			"ELFNamedPNG":        {"bild.png", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 200)...)},
			"HTML":               {"seite.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")},
			"SVG":                {"logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)},
			"PlainZip":           {"archiv.docx", sampleZip(t, [2]string{"readme.txt", "hallo"})},
			"Text":               {"notiz.pdf", []byte("nur Text")},
		}
		for name, tc := range cases {
			r := upload(employee, i.ID, tc.filename, tc.content)
			if r.Status != http.StatusUnsupportedMediaType || r.ErrorCode() != "unsupported_media_type" {
				t.Fatalf("%s: got %d %s", name, r.Status, r.Body)
			}
			mustReason(t, r, http.StatusUnsupportedMediaType, domain.RFileType, name)
		}
		if got := ideaCounts(t, env, i.ID); got.AttachmentCount != 0 {
			t.Fatalf("refused files counted: %d", got.AttachmentCount)
		}
	})
	t.Run("ErrBadRequest", func(t *testing.T) {
		i := editable(t)
		post := func(body []byte, ctype string) *apitest.Response {
			h := http.Header{}
			if ctype != "" {
				h.Set("Content-Type", ctype)
			}
			return env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/attachments", Token: employee, RawBody: body, Header: h})
		}
		noFile, ct := multipartBody(t, "", "", nil, map[string]string{"title": "x"})
		if r := post(noFile, ct); r.Status != http.StatusBadRequest {
			t.Fatalf("unknown field only: %d %s", r.Status, r.Body)
		}
		empty, ct := multipartBody(t, "", "", nil, nil)
		if r := post(empty, ct); r.Status != http.StatusBadRequest {
			t.Fatalf("no file: %d %s", r.Status, r.Body)
		}
		wrongField, ct := multipartBody(t, "upload", "a.png", samplePNG(t), nil)
		if r := post(wrongField, ct); r.Status != http.StatusBadRequest {
			t.Fatalf("wrong field: %d", r.Status)
		}
		zero, ct := multipartBody(t, "file", "leer.pdf", nil, nil)
		if r := post(zero, ct); r.Status != http.StatusBadRequest {
			t.Fatalf("empty file: %d", r.Status)
		}
		if r := post([]byte(`{"file":"x"}`), "application/json"); r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("JSON: %d", r.Status)
		}
		if r := post(samplePNG(t), "image/png"); r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("raw body: %d", r.Status)
		}
		if r := post([]byte("--x\r\nnot really"), "multipart/form-data; boundary=x"); r.Status != http.StatusBadRequest {
			t.Fatalf("broken multipart: %d", r.Status)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		i := editable(t)
		big := append(samplePDF(), make([]byte, domain.AttachmentMaxBytes)...)
		if r := upload(employee, i.ID, "gross.pdf", big); r.Status != http.StatusRequestEntityTooLarge || r.ErrorCode() != "too_large" {
			t.Fatalf("just over 10 MB: %d %s", r.Status, r.Body)
		}
		huge := make([]byte, domain.AttachmentMaxBytes+2<<20)
		copy(huge, samplePDF())
		if r := upload(employee, i.ID, "riesig.pdf", huge); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("12 MB: %d %s", r.Status, r.Body)
		}
		exact := append(samplePDF(), make([]byte, domain.AttachmentMaxBytes-len(samplePDF()))...)
		if a := mustUpload(t, employee, i.ID, "genau.pdf", exact); a.Size != domain.AttachmentMaxBytes {
			t.Fatalf("exactly 10 MB: %+v", a)
		}
	})
	t.Run("ErrEleventh", func(t *testing.T) {
		i := editable(t)
		for k := range domain.AttachmentsPerIdea {
			mustUpload(t, employee, i.ID, fmt.Sprintf("plan%d.png", k), samplePNG(t))
		}
		r := upload(employee, i.ID, "elf.png", samplePNG(t))
		if r.Status != http.StatusConflict || !strings.Contains(r.Map(t)["error"].(map[string]any)["message"].(string), "10") {
			t.Fatalf("11th: %d %s", r.Status, r.Body)
		}
		var l struct {
			Items []attachmentJSON
			Total int
		}
		env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/attachments", Token: employee}).JSON(t, &l)
		if l.Total != 10 || len(l.Items) != 10 || ideaCounts(t, env, i.ID).AttachmentCount != 10 {
			t.Fatalf("listed %d/%d", len(l.Items), l.Total)
		}
	})
	t.Run("ConcurrentUploadsStopAtTen", func(t *testing.T) {
		i := editable(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		for k := range 14 {
			wg.Go(func() {
				r := upload(employee, i.ID, fmt.Sprintf("p%d.png", k), samplePNG(t))
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if statuses[201] != 10 || statuses[409] != 4 || ideaCounts(t, env, i.ID).AttachmentCount != 10 {
			t.Fatalf("statuses %v, count %d", statuses, ideaCounts(t, env, i.ID).AttachmentCount)
		}
	})
	t.Run("WhoMayUpload", func(t *testing.T) {
		sub := editable(t)
		inEval := engIdea(t, env, func(i *domain.Idea) { i.Stage = domain.StageEvaluation })
		draft := engIdea(t, env, func(i *domain.Idea) { i.Stage, i.ScreeningPassed = domain.StageDraft, false })
		coAuthored := engIdea(t, env, func(i *domain.Idea) {
			needsInfo(i)
			i.CoAuthorIDs = []string{env.UserID(apitest.Reviewer)}
		})
		justSubmitted := engIdea(t, env, func(i *domain.Idea) { i.Stage, i.ScreeningPassed = domain.StageSubmitted, false })
		cases := []struct {
			name, tok, idea string
			status          int
		}{
			{"AuthorNeedsInformation", employee, sub.ID, 201},
			{"AuthorAwaitingScreening", employee, justSubmitted.ID, 409},
			{"AuthorDraft", employee, draft.ID, 201},
			{"CoAuthor", reviewer, coAuthored.ID, 201},
			{"CDOInEvaluation", cdo, inEval.ID, 201},
			{"AuthorInEvaluation", employee, inEval.ID, 409},
			{"OtherStaff", reviewer, sub.ID, 403},
			{"CDOOnDraft", cdo, draft.ID, 404},
			{"CitizenOnStaffIdea", citizen, inEval.ID, 403},
			{"Anonymous", "", sub.ID, 401},
			{"UnknownIdea", employee, "no-such-idea", 404},
		}
		for _, tc := range cases {
			if r := upload(tc.tok, tc.idea, "x.png", samplePNG(t)); r.Status != tc.status {
				t.Fatalf("%s: got %d %s", tc.name, r.Status, r.Body)
			}
		}
	})
	t.Run("VisibilityFollowsTheIdea", func(t *testing.T) {
		for name, i := range engHiddenIdeas(t, env) {
			at := &domain.Attachment{IdeaID: i.ID, Filename: "geheim.png", ContentType: "image/png", Size: 10, UploaderID: i.AuthorID}
			if err := env.DB.CreateAttachment(env.Ctx, at, bytes.NewReader(samplePNG(t))); err != nil {
				t.Fatal(err)
			}
			for k, r := range []*apitest.Response{
				env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/attachments", Token: citizen}),
				env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/attachments"}),
				download(citizen, at.ID), download("", at.ID),
				env.Do(apitest.Request{Method: "DELETE", Path: "/attachments/" + at.ID, Token: citizen}),
				upload(citizen, i.ID, "a.png", samplePNG(t)),
			} {
				if r.Status != http.StatusNotFound {
					t.Fatalf("%s check %d: got %d %s", name, k, r.Status, r.Body)
				}
			}
		}
		a := mustUpload(t, cdo, engIdea(t, env, nil).ID, "oeffentlich.pdf", samplePDF())
		if r := download("", a.ID); r.Status != http.StatusOK {
			t.Fatalf("anonymous download of a public idea's file: %d", r.Status)
		}
		for _, id := range []string{"nope", "00-nope", "zz-0000", strings.Repeat("a", 64)} {
			if r := download(employee, id); r.Status != http.StatusNotFound {
				t.Fatalf("%s: %d", id, r.Status)
			}
		}
	})
	t.Run("DeleteByUploaderOrCDO", func(t *testing.T) {
		i := editable(t)
		a := mustUpload(t, employee, i.ID, "a.pdf", samplePDF())
		b := mustUpload(t, employee, i.ID, "b.pdf", samplePDF())
		c := mustUpload(t, cdo, i.ID, "c.pdf", samplePDF())
		del := func(tok, id string) int {
			return env.Do(apitest.Request{Method: "DELETE", Path: "/attachments/" + id, Token: tok}).Status
		}
		if s := del(reviewer, a.ID); s != http.StatusForbidden {
			t.Fatalf("other staff: %d", s)
		}
		if s := del(employee, c.ID); s != http.StatusForbidden {
			t.Fatalf("author deletes the cdo's file: %d", s)
		}
		if s := del("", a.ID); s != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d", s)
		}
		if s := del(employee, a.ID); s != http.StatusNoContent {
			t.Fatalf("uploader: %d", s)
		}
		if s := del(employee, a.ID); s != http.StatusNotFound {
			t.Fatalf("twice: %d", s)
		}
		if s := del(cdo, b.ID); s != http.StatusNoContent {
			t.Fatalf("cdo: %d", s)
		}
		if got := ideaCounts(t, env, i.ID); got.AttachmentCount != 1 {
			t.Fatalf("count %d", got.AttachmentCount)
		}
		if r := download(employee, a.ID); r.Status != http.StatusNotFound {
			t.Fatalf("download after delete: %d", r.Status)
		}
		// Once the idea is under review, its authors no longer change its files.
		locked := engIdea(t, env, func(i *domain.Idea) { i.Stage = domain.StageEvaluation })
		d := &domain.Attachment{IdeaID: locked.ID, Filename: "d.pdf", ContentType: "application/pdf", Size: 10, UploaderID: env.UserID(apitest.Employee)}
		_ = env.DB.CreateAttachment(env.Ctx, d, bytes.NewReader(samplePDF()))
		if s := del(employee, d.ID); s != http.StatusConflict {
			t.Fatalf("uploader after submission: %d", s)
		}
	})
	t.Run("HostileFilenames", func(t *testing.T) {
		i := editable(t)
		cases := map[string]string{
			"../../etc/passwd.png":               "passwd.png",
			`C:\Users\erik\Desktop\Plan.png`:     "Plan.png",
			"Übersicht Bürgeramt – 2026.png":     "Übersicht Bürgeramt – 2026.png",
			"\u200Bzero\u200Dwidth\u2066.png":    "zerowidth.png",
			"\u202Egnp.exe.png":                  "gnp.exe.png",
			`"quoted";name=x.png`:                "_quoted_;name=x.png",
			strings.Repeat("lang", 100) + ".png": strings.Repeat("lang", 100)[:116] + ".png",
		}
		for name, want := range cases {
			a := mustUpload(t, employee, i.ID, name, samplePNG(t))
			if a.Filename != want {
				t.Fatalf("%q stored as %q, want %q", name, a.Filename, want)
			}
			r := download(employee, a.ID)
			cd := r.Header.Get("Content-Disposition")
			if !contentDispositionRe.MatchString(cd) {
				t.Fatalf("%q: Content-Disposition %q", name, cd)
			}
			_, enc, _ := strings.Cut(cd, "filename*=UTF-8''")
			if dec, err := url.PathUnescape(enc); err != nil || dec != want {
				t.Fatalf("%q: filename* decodes to %q (%v)", name, dec, err)
			}
			if ideaCounts(t, env, i.ID).AttachmentCount >= domain.AttachmentsPerIdea {
				i = editable(t)
			}
		}
	})
}
