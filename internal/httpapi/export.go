package httpapi

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/analytics"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The cdo's exports of ideas, decisions, reviews and pilots: GET /analytics/export.csv
// and /analytics/export.json with ?dataset=…&format=csv|json&sep=comma|semicolon and the
// dashboard's filters. Rows are written while the ideas are read, so an export of any
// size holds one idea in memory at a time.
//
// CSV is made for spreadsheets: UTF-8 with a byte-order mark (so Excel shows umlauts
// right), CRLF line ends, and with sep=semicolon the separator and the decimal comma of
// German Excel. Text a user wrote that begins with = + - @ (or a tab or carriage return)
// gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula.

// handleAnalyticsExport serves both export routes; the path's extension is the default
// format.
func (s *Server) handleAnalyticsExport(c *gin.Context) {
	format := c.Query("format")
	if format == "" {
		format = "csv"
		if strings.HasSuffix(c.Request.URL.Path, ".json") {
			format = "json"
		}
	}
	if format != "csv" && format != "json" {
		s.fail(c, domain.Invalid("format", "must be csv or json"))
		return
	}
	dataset := c.DefaultQuery("dataset", analytics.DatasetIdeas)
	cols := analytics.Columns(dataset)
	if cols == nil {
		s.fail(c, domain.Invalid("dataset", "must be one of: "+strings.Join(analytics.Datasets, ", ")))
		return
	}
	sep := ','
	switch c.DefaultQuery("sep", "comma") {
	case "comma":
	case "semicolon":
		sep = ';'
	default:
		s.fail(c, domain.Invalid("sep", "must be comma or semicolon"))
		return
	}
	opts, err := s.analyticsOptions(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	svc, err := s.analyticsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	// The labels are read first, so that a store failure still gets a proper error.
	if _, err := svc.Labels(ctx); err != nil {
		s.fail(c, err)
		return
	}

	name := "ideenwerk-" + dataset + "-" + s.Now().UTC().Format("2006-01-02") + "." + format
	h := c.Writer.Header()
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	var w rowWriter
	bw := bufio.NewWriterSize(c.Writer, 32<<10)
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		w = newCSVRows(bw, cols, sep)
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
		w = newJSONRows(bw, cols, dataset, s.Now())
	}
	c.Status(http.StatusOK)
	rows := 0
	err = w.begin()
	if err == nil {
		export := func(emit func(analytics.Row) error) error { return svc.Export(ctx, dataset, opts.Filter, emit) }
		if dataset == analytics.DatasetFigures {
			export = func(emit func(analytics.Row) error) error {
				return svc.ExportFigures(ctx, opts, emit)
			}
		}
		err = export(func(r analytics.Row) error {
			rows++
			if err := w.row(r); err != nil {
				return err
			}
			// Hand finished rows to the client now and then, so large exports stream.
			if rows%200 == 0 {
				if err := bw.Flush(); err != nil {
					return err
				}
				c.Writer.Flush()
			}
			return nil
		})
	}
	if err == nil {
		err = w.end()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		// The status is sent: cut the response short, so the client sees a broken transfer
		// rather than a complete-looking file, and log.
		s.logger.ErrorContext(ctx, "export interrupted", "err", err, "dataset", dataset, "rows", rows)
		panic(http.ErrAbortHandler)
	}
}

type rowWriter interface {
	begin() error
	row(analytics.Row) error
	end() error
}

// csvRows writes CSV for spreadsheets.
type csvRows struct {
	w      io.Writer
	cw     *csv.Writer
	cols   []analytics.Column
	german bool
	rec    []string
}

func newCSVRows(w io.Writer, cols []analytics.Column, sep rune) *csvRows {
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = sep, true
	return &csvRows{w: w, cw: cw, cols: cols, german: sep == ';', rec: make([]string, len(cols))}
}

func (c *csvRows) begin() error {
	if _, err := io.WriteString(c.w, "\uFEFF"); err != nil {
		return err
	}
	for k, col := range c.cols {
		c.rec[k] = col.Name
	}
	return c.cw.Write(c.rec)
}

func (c *csvRows) row(r analytics.Row) error {
	for k, col := range c.cols {
		c.rec[k] = c.cell(col.Kind, r[k])
	}
	if err := c.cw.Write(c.rec); err != nil {
		return err
	}
	c.cw.Flush()
	return c.cw.Error()
}

func (c *csvRows) end() error {
	c.cw.Flush()
	return c.cw.Error()
}

func (c *csvRows) cell(kind analytics.Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return GuardFormula(x)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if c.german {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case []string:
		out := make([]string, len(x))
		for k, s := range x {
			out[k] = GuardFormula(s)
		}
		return GuardFormula(strings.Join(out, "; "))
	case map[string]int:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for n, k := range keys {
			parts[n] = k + "=" + strconv.Itoa(x[k])
		}
		return GuardFormula(strings.Join(parts, "; "))
	}
	return ""
}

// GuardFormula prefixes text that a spreadsheet would run as a formula (it begins with
// = + - @, a tab or a carriage return) with an apostrophe (OWASP, "CSV injection").
func GuardFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// jsonRows writes {"dataset", "generatedAt", "columns", "items": [{…}, …]}.
type jsonRows struct {
	w       io.Writer
	cols    []analytics.Column
	dataset string
	at      time.Time
	n       int
	buf     []byte
}

func newJSONRows(w io.Writer, cols []analytics.Column, dataset string, at time.Time) *jsonRows {
	return &jsonRows{w: w, cols: cols, dataset: dataset, at: at.UTC()}
}

func (j *jsonRows) begin() error {
	names := make([]string, len(j.cols))
	for k, c := range j.cols {
		names[k] = c.Name
	}
	head, err := json.Marshal(map[string]any{"dataset": j.dataset, "generatedAt": j.at, "columns": names})
	if err != nil {
		return err
	}
	// Open the object, then the items array (the last key, so it can stream).
	_, err = io.WriteString(j.w, string(head[:len(head)-1])+`,"items":[`)
	return err
}

func (j *jsonRows) row(r analytics.Row) error {
	j.buf = j.buf[:0]
	if j.n > 0 {
		j.buf = append(j.buf, ',')
	}
	j.buf = append(j.buf, "\n{"...)
	for k, c := range j.cols {
		if k > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = strconv.AppendQuote(j.buf, c.Name)
		j.buf = append(j.buf, ':')
		v := r[k]
		switch x := v.(type) {
		case time.Time:
			if x.IsZero() {
				v = nil
			} else {
				v = x.UTC()
			}
		case []string:
			if x == nil {
				v = []string{}
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		j.buf = append(j.buf, b...)
	}
	j.buf = append(j.buf, '}')
	j.n++
	_, err := j.w.Write(j.buf)
	return err
}

func (j *jsonRows) end() error {
	_, err := io.WriteString(j.w, "\n]}\n")
	return err
}
