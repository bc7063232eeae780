package domain_test

import (
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func TestSanitizeFilename(t *testing.T) {
	png := domain.FindAttachmentType("image/png")
	jpeg := domain.FindAttachmentType("image/jpeg")
	cases := []struct {
		in   string
		t    *domain.AttachmentType
		want string
	}{
		{"plan.png", png, "plan.png"},
		{"Plan.PNG", png, "Plan.png"},
		{"scan.pdf", png, "scan.png"},
		{"foto.jpeg", jpeg, "foto.jpeg"},
		{"foto.JPG", jpeg, "foto.jpg"},
		{"foto", jpeg, "foto.jpg"},
		{"", png, "datei.png"},
		{".", png, "datei.png"},
		{"..", png, "datei.png"},
		{"...png", png, "png.png"},
		{"/", png, "datei.png"},
		{"../../etc/passwd", png, "passwd.png"},
		{`..\..\windows\system32\cmd.exe`, png, "cmd.png"},
		{"a\x00b\x07c\r\nd.png", png, "abcd.png"},
		{"tab\there.png", png, "tabhere.png"},
		{"\u202Egnp.exe", png, "gnp.png"},
		{"zero\u200Bwidth.png", png, "zerowidth.png"},
		{`a"b<c>d|e*f?g:h.png`, png, "a_b_c_d_e_f_g_h.png"},
		{"  .versteckt.png  ", png, "versteckt.png"},
		{"Übersicht 🏛️.png", png, "Übersicht 🏛️.png"},
		{"bad\xffutf8.png", png, "badutf8.png"},
		{strings.Repeat("ä", 300) + ".png", png, strings.Repeat("ä", 116) + ".png"},
	}
	for _, tc := range cases {
		if got := domain.SanitizeFilename(tc.in, tc.t); got != tc.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeCommentText(t *testing.T) {
	ok := map[string]string{
		"  Hallo  ":             "Hallo",
		"Zeile 1\nZeile 2\t!":   "Zeile 1\nZeile 2\t!",
		"🚲":                     "🚲",
		strings.Repeat("ß", 20): strings.Repeat("ß", 20),
	}
	for in, want := range ok {
		if got, err := domain.NormalizeCommentText("body", in, 1, 20); err != nil || got != want {
			t.Errorf("%q: got %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "   ", "\n\t", "a\x00b", "a\x1bb", "a\u0085b", strings.Repeat("ß", 21), "bad\xff"} {
		_, err := domain.NormalizeCommentText("body", in, 1, 20)
		if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Fields[0].Field != "body" {
			t.Errorf("%q: accepted (%v)", in, err)
		}
	}
}

func TestEngagementPolicies(t *testing.T) {
	author := &domain.Actor{UserID: "a", Roles: []domain.Role{domain.RoleEmployee}}
	co := &domain.Actor{UserID: "co", Roles: []domain.Role{domain.RoleCitizen}}
	other := &domain.Actor{UserID: "o", Roles: []domain.Role{domain.RoleCitizen}}
	cdo := &domain.Actor{UserID: "c", Roles: []domain.Role{domain.RoleEmployee, domain.RoleCDO}}
	idea := func(s domain.Stage) *domain.Idea {
		i := &domain.Idea{AuthorID: "a", CoAuthorIDs: []string{"co"}, Stage: s}
		if s == domain.StageSubmitted { // sent back by screening: needs information
			i.Decisions = []domain.Decision{{From: domain.StageScreening, To: domain.StageSubmitted}}
		}
		return i
	}
	code := func(err error) string { return domain.ErrorCode(err) }

	t.Run("Support", func(t *testing.T) {
		cases := []struct {
			a     *domain.Actor
			stage domain.Stage
			want  string
		}{
			{other, domain.StageScreening, ""},
			{cdo, domain.StagePilot, ""},
			{author, domain.StageScreening, domain.EFORBIDDEN},
			{co, domain.StageScreening, domain.EFORBIDDEN},
			{other, domain.StageDraft, domain.ECONFLICT},
			{other, domain.StageRejected, domain.ECONFLICT},
			{other, domain.StageImplemented, domain.ECONFLICT},
			{nil, domain.StageScreening, domain.EUNAUTHORIZED},
		}
		for _, tc := range cases {
			if got := code(domain.MaySupport(tc.a, idea(tc.stage))); got != tc.want {
				t.Errorf("%v on %s: got %q, want %q", tc.a, tc.stage, got, tc.want)
			}
		}
	})
	t.Run("Attachments", func(t *testing.T) {
		cases := []struct {
			a     *domain.Actor
			stage domain.Stage
			want  string
		}{
			{author, domain.StageDraft, ""},
			{co, domain.StageSubmitted, ""},
			{author, domain.StageScreening, domain.ECONFLICT},
			{author, domain.StageEvaluation, domain.ECONFLICT},
			{cdo, domain.StageRollout, ""},
			{other, domain.StageSubmitted, domain.EFORBIDDEN},
			{nil, domain.StageSubmitted, domain.EUNAUTHORIZED},
		}
		for _, tc := range cases {
			if got := code(domain.MayUploadAttachment(tc.a, idea(tc.stage))); got != tc.want {
				t.Errorf("upload %v on %s: got %q, want %q", tc.a, tc.stage, got, tc.want)
			}
		}
		at := &domain.Attachment{UploaderID: "co"}
		if code(domain.MayDeleteAttachment(author, idea(domain.StageDraft), at)) != domain.EFORBIDDEN {
			t.Error("an author deleted a co-author's file")
		}
		if code(domain.MayDeleteAttachment(co, idea(domain.StageDraft), at)) != "" {
			t.Error("the uploader may not delete their file")
		}
		justSubmitted := &domain.Idea{AuthorID: "a", Stage: domain.StageSubmitted}
		if code(domain.MayUploadAttachment(author, justSubmitted)) != domain.ECONFLICT {
			t.Error("an author changed files of an idea awaiting screening")
		}
		if code(domain.MayDeleteAttachment(cdo, idea(domain.StageImplemented), at)) != "" {
			t.Error("the cdo may not delete a file")
		}
	})
	t.Run("Comments", func(t *testing.T) {
		c := &domain.Comment{AuthorID: "o"}
		if domain.MayChangeComment(other, c, true) != nil || code(domain.MayChangeComment(cdo, c, true)) != domain.EFORBIDDEN {
			t.Error("only the author edits")
		}
		if code(domain.MayReportComment(other, c)) != domain.EFORBIDDEN || domain.MayReportComment(author, c) != nil {
			t.Error("report rule")
		}
		if code(domain.MayHideComment(author, c)) != domain.EFORBIDDEN || domain.MayHideComment(cdo, c) != nil {
			t.Error("hide rule")
		}
		hidden := &domain.Comment{AuthorID: "o", Hidden: &domain.CommentHidden{Reason: "x"}}
		if domain.MaySeeCommentText(author, hidden) || domain.MaySeeCommentText(nil, hidden) ||
			!domain.MaySeeCommentText(other, hidden) || !domain.MaySeeCommentText(cdo, hidden) {
			t.Error("hidden text rule")
		}
		if code(domain.MayChangeComment(other, hidden, true)) != domain.ECONFLICT || domain.MayChangeComment(other, hidden, false) != nil {
			t.Error("hidden comments can be deleted, not edited")
		}
	})
}
