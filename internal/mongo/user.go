package mongo

import (
	"context"
	"regexp"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type userDoc struct {
	ID           string    `bson:"_id"`
	TenantID     string    `bson:"tenantId"`
	Email        string    `bson:"email"`
	DisplayName  string    `bson:"displayName"`
	Roles        []string  `bson:"roles"`
	DepartmentID string    `bson:"departmentId,omitempty"`
	Status       string    `bson:"status"`
	Locale       string    `bson:"locale"`
	PasswordHash string    `bson:"passwordHash,omitempty"`
	OIDCSubject  string    `bson:"oidcSubject,omitempty"`
	FailedLogins int       `bson:"failedLogins"`
	LockedUntil  time.Time `bson:"lockedUntil,omitempty"`
	// NotificationPrefs: event type → channels, only the types the user changed.
	NotificationPrefs map[string]channelPrefsDoc `bson:"notificationPrefs,omitempty"`
	Version           int64                      `bson:"version"`
	CreatedAt         time.Time                  `bson:"createdAt"`
	UpdatedAt         time.Time                  `bson:"updatedAt"`
}

func (d *userDoc) tenant() string { return d.TenantID }

func (d *userDoc) toDomain() *domain.User {
	roles := make([]domain.Role, len(d.Roles))
	for i, r := range d.Roles {
		roles[i] = domain.Role(r)
	}
	return &domain.User{
		ID: d.ID, TenantID: d.TenantID, Email: d.Email, DisplayName: d.DisplayName, Roles: roles,
		DepartmentID: d.DepartmentID, Status: domain.UserStatus(d.Status), Locale: d.Locale,
		PasswordHash: d.PasswordHash, OIDCSubject: d.OIDCSubject, FailedLogins: d.FailedLogins,
		LockedUntil: d.LockedUntil, Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
		NotificationPreferences: prefsToDomain(d.NotificationPrefs),
	}
}

func userToDoc(u *domain.User) *userDoc {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = string(r)
	}
	return &userDoc{
		ID: u.ID, TenantID: u.TenantID, Email: u.Email, DisplayName: u.DisplayName, Roles: roles,
		DepartmentID: u.DepartmentID, Status: string(u.Status), Locale: u.Locale,
		PasswordHash: u.PasswordHash, OIDCSubject: u.OIDCSubject, FailedLogins: u.FailedLogins,
		LockedUntil: u.LockedUntil, Version: u.Version, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
		NotificationPrefs: prefsToDoc(u.NotificationPreferences),
	}
}

func emailKey(tenantID, email string) string { return "email:" + tenantID + ":" + email }

var _ domain.UserStore = (*DB)(nil)

// CreateUser implements domain.UserStore.
func (db *DB) CreateUser(ctx context.Context, u *domain.User) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if u.ID == "" {
		u.ID = db.NewID()
	}
	now := db.now()
	u.TenantID, u.Version, u.CreatedAt, u.UpdatedAt = tid, 1, now, now
	if u.Locale == "" {
		u.Locale = domain.LocaleDE
	}
	if err := db.claimEmail(ctx, tid, u.Email, u.ID); err != nil {
		return err
	}
	if _, err := db.c(colUsers).InsertOne(ctx, userToDoc(u)); err != nil {
		db.releaseKeys(ctx, u.ID, []string{emailKey(tid, u.Email)})
		return mapErr(err, "user")
	}
	return nil
}

// claimEmail claims the e-mail key for userID; a key left behind by a user that was never
// written (a crash between the two inserts) is reclaimed.
func (db *DB) claimEmail(ctx context.Context, tid, email, userID string) error {
	key := emailKey(tid, email)
	err := db.claimKeys(ctx, userID, []string{key})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		return err
	}
	k, lerr := db.findKey(ctx, key)
	if lerr != nil {
		return err
	}
	// A key younger than staleKeyAge may belong to an insert still in flight: never take it.
	if db.now().Sub(k.At) < staleKeyAge {
		return err
	}
	n, cerr := db.c(colUsers).CountDocuments(ctx, bson.D{{Key: "_id", Value: k.Ref}})
	if cerr != nil || n > 0 {
		return err
	}
	if ok, _ := db.repointKey(ctx, key, k.Ref, userID); ok {
		return nil
	}
	return err
}

// FindUserByID implements domain.UserStore.
func (db *DB) FindUserByID(ctx context.Context, id string) (*domain.User, error) {
	var d userDoc
	if err := findOwned(ctx, db.c(colUsers), id, "user", &d); err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindUserByEmail implements domain.UserStore.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*domain.User, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	ref, err := db.lookupKey(ctx, emailKey(tid, email))
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "user not found")
	}
	u, err := db.FindUserByID(ctx, ref)
	if err != nil {
		return nil, err
	}
	if u.Email != email {
		return nil, domain.Errorf(domain.ENOTFOUND, "user not found")
	}
	return u, nil
}

// FindUsers implements domain.UserStore. Users are few per tenant (hundreds), so a
// filtered scan ordered by name is acceptable here.
func (db *DB) FindUsers(ctx context.Context, f domain.UserFilter) ([]*domain.User, string, int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	filter := bson.D{{Key: "tenantId", Value: tid}, {Key: "status", Value: bson.D{{Key: "$ne", Value: string(domain.UserDeleted)}}}}
	if f.Role != "" {
		filter = append(filter, bson.E{Key: "roles", Value: string(f.Role)})
	}
	if f.Status != "" {
		filter[1] = bson.E{Key: "status", Value: string(f.Status)}
	}
	if f.Query != "" {
		re := bson.Regex{Pattern: namePattern(f.Query), Options: "i"}
		if f.NameOnly {
			filter = append(filter, bson.E{Key: "displayName", Value: re})
		} else {
			filter = append(filter, bson.E{Key: "$or", Value: bson.A{
				bson.D{{Key: "displayName", Value: re}}, bson.D{{Key: "email", Value: re}},
			}})
		}
	}
	total, err := db.c(colUsers).CountDocuments(ctx, filter)
	if err != nil {
		return nil, "", 0, mapErr(err, "users")
	}
	offset, err := decodeOffsetCursor(f.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	cur, err := db.c(colUsers).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "displayName", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(offset)).SetLimit(int64(limit)))
	if err != nil {
		return nil, "", 0, mapErr(err, "users")
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, "", 0, mapErr(err, "users")
	}
	out := make([]*domain.User, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	next := ""
	if offset+len(docs) < int(total) {
		next = encodeOffsetCursor(offset + len(docs))
	}
	return out, next, int(total), nil
}

// UpdateUser implements domain.UserStore.
func (db *DB) UpdateUser(ctx context.Context, u *domain.User) error {
	old, err := db.FindUserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	if old.Version != u.Version {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the user was changed by someone else; reload and try again")
	}
	if old.Email != u.Email {
		if err := db.claimEmail(ctx, old.TenantID, u.Email, u.ID); err != nil {
			return err
		}
	}
	d := userToDoc(u)
	d.TenantID, d.CreatedAt, d.UpdatedAt, d.Version = old.TenantID, old.CreatedAt, db.now(), u.Version+1
	res, err := db.c(colUsers).ReplaceOne(ctx, bson.D{{Key: "_id", Value: u.ID}, {Key: "version", Value: u.Version}}, d)
	if err != nil {
		return mapErr(err, "user")
	}
	if res.MatchedCount == 0 {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the user was changed by someone else; reload and try again")
	}
	if old.Email != u.Email {
		db.releaseKeys(ctx, u.ID, []string{emailKey(old.TenantID, old.Email)})
	}
	u.Version, u.UpdatedAt = d.Version, d.UpdatedAt
	return nil
}

// RecordLoginFailure implements domain.UserStore.
func (db *DB) RecordLoginFailure(ctx context.Context, id string, threshold int, lockUntil time.Time) (int, error) {
	if _, err := db.FindUserByID(ctx, id); err != nil {
		return 0, err
	}
	var d userDoc
	err := db.c(colUsers).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "failedLogins", Value: 1}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return 0, mapErr(err, "user")
	}
	if d.FailedLogins >= threshold {
		_, err = db.c(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "lockedUntil", Value: lockUntil}, {Key: "failedLogins", Value: 0}}}})
		if err != nil {
			return 0, mapErr(err, "user")
		}
	}
	return d.FailedLogins, nil
}

// RecordLoginSuccess implements domain.UserStore.
func (db *DB) RecordLoginSuccess(ctx context.Context, id string) error {
	if _, err := db.FindUserByID(ctx, id); err != nil {
		return err
	}
	_, err := db.c(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "failedLogins", Value: 0}, {Key: "lockedUntil", Value: time.Time{}}}}})
	return mapErr(err, "user")
}

// CountUsers implements domain.UserStore.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return 0, err
	}
	n, err := db.c(colUsers).CountDocuments(ctx, bson.D{{Key: "tenantId", Value: tid}})
	return int(n), mapErr(err, "users")
}

// namePattern is the regular expression a name search text q matches, written the way German
// names are typed without their letters: umlauts, their transliterations and the plain vowel
// match each other ("Pruef", "Prüf" and "Pruf" find "Prüfer", "Mueller" finds "Müller"), ß
// and ss match, and accented vowels match the plain ones. Everything else is literal.
func namePattern(q string) string {
	var b strings.Builder
	r := []rune(strings.ToLower(q))
	for i := 0; i < len(r); i++ {
		c := r[i]
		twin := i+1 < len(r) && r[i+1] == 'e' && (c == 'a' || c == 'o' || c == 'u' && (i == 0 || r[i-1] != 'q'))
		switch {
		case twin: // "ae" is written for "ä": one letter
			b.WriteString(vowelPattern(c))
			i++
		case strings.ContainsRune("aäáàâ", c):
			b.WriteString(vowelPattern('a'))
		case strings.ContainsRune("oöóòô", c):
			b.WriteString(vowelPattern('o'))
		case strings.ContainsRune("uüúùû", c):
			b.WriteString(vowelPattern('u'))
		case strings.ContainsRune("eéèê", c):
			b.WriteString("[eéèê]")
		case c == 'ß' || c == 's' && i+1 < len(r) && r[i+1] == 's':
			b.WriteString("(?:ß|ss)")
			if c == 's' {
				i++
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// vowelPattern matches the vowel v, its umlaut, the umlaut's transliteration and its accents.
func vowelPattern(v rune) string {
	switch v {
	case 'a':
		return "(?:ae|[aäáàâ])"
	case 'o':
		return "(?:oe|[oöóòô])"
	default:
		return "(?:ue|[uüúùû])"
	}
}
