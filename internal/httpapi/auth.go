package httpapi

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

const refreshCookie = "ideenwerk_refresh"

// sessionHintCookie tells the SPA, which cannot read the httpOnly refresh cookie, whether
// there is a session to renew; it holds no secret ("1") and lives as long as the refresh
// cookie. Without it a signed-out visitor's every page load would ask for a refresh and be
// refused with a 401.
const sessionHintCookie = "ideenwerk_session"

type registerRequest struct {
	Email       string `json:"email" binding:"required,max=254,line"`
	Password    string `json:"password" binding:"required,max=128"`
	DisplayName string `json:"displayName" binding:"required,min=2,max=80,line,nonblank"`
	Locale      string `json:"locale" binding:"omitempty,oneof=de en"`
}

type messageResponse struct {
	Message string `json:"message"`
}

func (s *Server) handleRegister(c *gin.Context) {
	var req registerRequest
	if !s.bindJSON(c, &req) {
		return
	}
	err := s.Accounts.Register(c.Request.Context(), account.RegisterInput{
		Email: req.Email, Password: req.Password, DisplayName: req.DisplayName, Locale: req.Locale,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, messageResponse{Message: "Check your mailbox: we have sent you a link to confirm your e-mail address."})
}

type tokenRequest struct {
	Token string `json:"token" binding:"required,max=200,line"`
}

func (s *Server) handleVerify(c *gin.Context) {
	var req tokenRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.Accounts.Verify(c.Request.Context(), req.Token); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type forgotRequest struct {
	Email string `json:"email" binding:"required,max=254,line"`
}

func (s *Server) handleForgotPassword(c *gin.Context) {
	var req forgotRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.Accounts.ForgotPassword(c.Request.Context(), req.Email); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, messageResponse{Message: "If an account exists for this address, we have sent it a link to choose a new password."})
}

type resetRequest struct {
	Token    string `json:"token" binding:"required,max=200,line"`
	Password string `json:"password" binding:"required,max=128"`
}

func (s *Server) handleResetPassword(c *gin.Context) {
	var req resetRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.Accounts.ResetPassword(c.Request.Context(), req.Token, req.Password); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type loginRequest struct {
	Email    string `json:"email" binding:"required,max=254"`
	Password string `json:"password" binding:"required,max=128"`
}

func (s *Server) handleLogin(c *gin.Context) {
	var req loginRequest
	if !s.bindJSON(c, &req) {
		return
	}
	// Per-account limit on top of the per-address one: slows guessing against one account
	// from many addresses, before the lockout kicks in.
	if ok, wait := s.authLimit.allow("acct:" + req.Email); !ok {
		s.fail(c, &domain.Error{Code: domain.ERATELIMITED, Message: "too many login attempts; wait a moment and try again", RetryAfter: wait})
		return
	}
	sess, err := s.Accounts.Login(c.Request.Context(), req.Email, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.respondSession(c, sess)
}

// respondSession sets the refresh cookie and returns the access token.
func (s *Server) respondSession(c *gin.Context, sess *account.Session) {
	s.forgetAccount(c.Request.Context(), sess.User.ID) // its requests see the account as the login read it
	s.setRefreshCookie(c, sess.RefreshToken, int(account.RefreshTTL.Seconds()))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, sessionResponse{
		AccessToken: sess.AccessToken, TokenType: "Bearer", ExpiresIn: sess.ExpiresIn, User: toUser(sess.User, true),
	})
}

// setRefreshCookie sets (maxAge > 0) or clears (maxAge < 0) the refresh cookie and the
// session hint beside it.
func (s *Server) setRefreshCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: refreshCookie, Value: value, Path: "/api/v1/auth", MaxAge: maxAge,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
	hint := ""
	if maxAge > 0 {
		hint = "1"
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionHintCookie, Value: hint, Path: "/", MaxAge: maxAge,
		Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
}

func (s *Server) handleRefresh(c *gin.Context) {
	token, err := c.Cookie(refreshCookie)
	if err != nil || token == "" {
		s.setRefreshCookie(c, "", -1) // a hint without its session is stale
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "no session; please sign in"))
		return
	}
	sess, err := s.Accounts.Refresh(c.Request.Context(), token)
	if err != nil {
		// A race lost to another tab keeps the cookie: that tab's answer has just set the new
		// one, and clearing it would end the session of both. Retry-After tells the SPA to
		// try again with it; without it a 401 is final (no session, or one that ended).
		switch {
		case errors.Is(err, account.ErrRefreshRace):
			c.Header("Retry-After", "0")
		case domain.ErrorCode(err) == domain.EUNAUTHORIZED:
			s.setRefreshCookie(c, "", -1)
		}
		s.fail(c, err)
		return
	}
	s.respondSession(c, sess)
}

type logoutRequest struct {
	Everywhere bool `json:"everywhere"`
}

// handleLogout revokes the cookie's session (and, with everywhere, all sessions of the
// user); it always clears the cookie. The body is optional.
func (s *Server) handleLogout(c *gin.Context) {
	var req logoutRequest
	if c.Request.ContentLength > 0 && !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	if token, err := c.Cookie(refreshCookie); err == nil && token != "" {
		if req.Everywhere {
			if sess, err := s.Accounts.Refresh(ctx, token); err == nil {
				_ = s.Accounts.LogoutEverywhere(ctx, sess.User.ID)
			}
		}
		s.Accounts.Logout(ctx, token)
	}
	if a := actor(c); a != nil && req.Everywhere {
		_ = s.Accounts.LogoutEverywhere(ctx, a.UserID)
	}
	s.setRefreshCookie(c, "", -1)
	c.Status(http.StatusNoContent)
}
