package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// routes lists the whole API. A route added here without a row in the authorisation matrix
// test fails that test.
func (s *Server) routes() {
	e := s.engine
	e.Use(s.recovery, s.withRequestID, s.observe, s.accessLog, s.securityHeaders, s.cors)
	e.NoRoute(s.handleNoRoute)
	e.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{Error: errorDetail{
			Code: domain.EINVALID, Message: "this method is not allowed on this resource", RequestID: requestID(c)}})
	})

	e.GET("/healthz", s.handleHealthz)
	e.GET("/api/docs", s.handleDocs)
	e.GET("/readyz", s.handleReadyz)
	if s.Registry != nil {
		e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{Registry: s.Registry})))
	}

	v1 := e.Group("/api/v1", s.guardStore, s.limitBody, s.withTenant, s.authenticate)
	v1.GET("/openapi.yaml", s.handleOpenAPI)
	v1.GET("/schemas/:name", s.handleSchema)
	v1.GET("/tenant", s.handleGetTenant)
	v1.PATCH("/tenant", s.requireRole(domain.RoleAdmin), s.handlePatchTenant)

	a := v1.Group("/auth")
	a.POST("/register", s.rateLimitAuth, s.guardStaffPasswordLogin, s.handleRegister)
	a.POST("/verify", s.rateLimitAuth, s.handleVerify)
	a.POST("/password/forgot", s.rateLimitAuth, s.handleForgotPassword)
	a.POST("/password/reset", s.rateLimitAuth, s.handleResetPassword)
	a.POST("/login", s.rateLimitAuth, s.guardStaffPasswordLogin, s.handleLogin)
	a.POST("/refresh", s.handleRefresh)
	a.POST("/logout", s.handleLogout)
	a.GET("/oidc/login", s.handleOIDCLogin)
	a.GET("/oidc/callback", s.handleOIDCCallback)
	a.GET("/oidc/logout-url", s.handleOIDCLogoutURL)

	me := v1.Group("/me", s.requireAuth)
	me.GET("", s.handleGetMe)
	me.PATCH("", s.handlePatchMe)
	me.POST("/password", s.handleChangePassword)
	me.GET("/export", s.handleExportMe)
	me.DELETE("", s.handleDeleteMe)
	me.GET("/notifications", s.handleListNotifications)
	me.GET("/notifications/unread", s.handleUnreadNotifications)
	me.POST("/notifications/read", s.handleMarkNotificationsRead)
	v1.POST("/notifications/unsubscribe", s.handleUnsubscribe)
	v1.POST("/notifications/unsubscribe/one-click", s.handleUnsubscribeOneClick)
	v1.POST("/accessibility/feedback", s.rateLimitAuth, s.handleAccessibilityFeedback)
	v1.GET("/admin/outbox", s.requireRole(domain.RoleAdmin), s.handleGetOutbox)
	v1.POST("/admin/outbox/retry-failed", s.requireRole(domain.RoleAdmin), s.handleRetryFailedOutbox)
	v1.POST("/admin/outbox/:id/retry", s.requireRole(domain.RoleAdmin), s.handleRetryOutboxMessage)
	v1.GET("/webhooks", s.requireRole(domain.RoleAdmin), s.handleListWebhooks)
	v1.POST("/webhooks", s.requireRole(domain.RoleAdmin), s.handleCreateWebhook)
	v1.GET("/webhooks/:id", s.requireRole(domain.RoleAdmin), s.handleGetWebhook)
	v1.PATCH("/webhooks/:id", s.requireRole(domain.RoleAdmin), s.handlePatchWebhook)
	v1.DELETE("/webhooks/:id", s.requireRole(domain.RoleAdmin), s.handleDeleteWebhook)
	v1.POST("/webhooks/:id/rotate-secret", s.requireRole(domain.RoleAdmin), s.handleRotateWebhookSecret)
	v1.POST("/webhooks/:id/test", s.requireRole(domain.RoleAdmin), s.handleTestWebhook)

	v1.GET("/departments", s.handleListDepartments)
	v1.POST("/departments", s.requireRole(domain.RoleAdmin), s.handleCreateDepartment)
	v1.PATCH("/departments/:id", s.requireRole(domain.RoleAdmin), s.handlePatchDepartment)

	v1.GET("/users", s.requireRole(domain.RoleAdmin, domain.RoleCDO, domain.RoleEmployee, domain.RoleReviewer), s.handleListUsers)
	v1.PATCH("/users/:id", s.requireRole(domain.RoleAdmin), s.handlePatchUser)
	v1.POST("/users/:id/verification", s.requireRole(domain.RoleAdmin), s.handleResendVerification)

	// Ideas: lists and search come from the in-memory index; anonymous callers see public
	// ideas. Campaigns: everyone reads what they may see; the cdo writes.
	v1.GET("/ideas", s.handleListIdeas)
	v1.POST("/ideas", s.requireAuth, s.handleCreateIdea)
	v1.POST("/ideas/similar", s.requireAuth, s.handleSimilarIdeas)
	v1.GET("/ideas/:id", s.handleGetIdea)
	v1.PATCH("/ideas/:id", s.requireAuth, s.handlePatchIdea)
	v1.DELETE("/ideas/:id", s.requireAuth, s.handleDeleteIdea)
	v1.GET("/public/ideas", s.handleListPublicIdeas)
	v1.GET("/public/ideas/:id", s.handleGetPublicIdea)
	v1.GET("/campaigns", s.handleListCampaigns)
	v1.POST("/campaigns", s.requireRole(domain.RoleCDO), s.handleCreateCampaign)
	v1.GET("/campaigns/:id", s.handleGetCampaign)
	v1.PATCH("/campaigns/:id", s.requireRole(domain.RoleCDO), s.handlePatchCampaign)

	// Engagement: supports, follows, discussion and files of an idea. Reading follows the
	// idea's visibility (anonymous callers read public ideas); writing needs a sign-in.
	v1.PUT("/ideas/:id/support", s.requireAuth, s.handlePutSupport)
	v1.DELETE("/ideas/:id/support", s.requireAuth, s.handleDeleteSupport)
	v1.PUT("/ideas/:id/follow", s.requireAuth, s.handlePutFollow)
	v1.DELETE("/ideas/:id/follow", s.requireAuth, s.handleDeleteFollow)
	v1.GET("/ideas/:id/comments", s.handleListComments)
	v1.POST("/ideas/:id/comments", s.requireAuth, s.handleCreateComment)
	v1.PATCH("/comments/:id", s.requireAuth, s.handlePatchComment)
	v1.DELETE("/comments/:id", s.requireAuth, s.handleDeleteComment)
	v1.POST("/comments/:id/report", s.requireAuth, s.handleReportComment)
	v1.POST("/comments/:id/hide", s.requireRole(domain.RoleCDO), s.handleHideComment)
	v1.GET("/comments/reported", s.requireRole(domain.RoleCDO), s.handleReportedComments)
	v1.DELETE("/comments/:id/reports", s.requireRole(domain.RoleCDO), s.handleDismissReports)
	v1.GET("/ideas/:id/attachments", s.handleListAttachments)
	v1.POST("/ideas/:id/attachments", s.requireAuth, s.handleUploadAttachment)
	v1.GET("/attachments/:id", s.handleDownloadAttachment)
	v1.DELETE("/attachments/:id", s.requireAuth, s.handleDeleteAttachment)

	// The funnel: transitions and history, evaluation, pilots, rollout, reuse ("Einer für
	// alle") and the audit log. Handlers apply the finer rules (author or cdo, blind reviews,
	// pilot owner) through the domain.
	v1.POST("/ideas/:id/transitions", s.requireAuth, s.handleTransition)
	v1.GET("/ideas/:id/history", s.handleHistory)
	v1.GET("/ideas/:id/reviewers", s.requireRole(domain.RoleCDO), s.handleGetReviewers)
	v1.PUT("/ideas/:id/reviewers", s.requireRole(domain.RoleCDO), s.handlePutReviewers)
	v1.GET("/ideas/:id/reviews", s.requireAuth, s.handleGetReviews)
	v1.PUT("/ideas/:id/reviews/mine", s.requireRole(domain.RoleReviewer), s.handlePutMyReview)
	v1.POST("/ideas/:id/reviews/mine/decline", s.requireRole(domain.RoleReviewer), s.handleDeclineReview)
	v1.GET("/reviews/assigned", s.requireRole(domain.RoleReviewer), s.handleAssignedReviews)
	v1.GET("/campaigns/:id/ranking", s.requireRole(domain.RoleCDO), s.handleCampaignRanking)
	v1.GET("/criteria-sets", s.requireRole(domain.RoleCDO), s.handleListCriteriaSets)
	v1.POST("/criteria-sets", s.requireRole(domain.RoleCDO), s.handleCreateCriteriaSet)
	v1.GET("/criteria-sets/:id", s.requireRole(domain.RoleCDO), s.handleGetCriteriaSet)
	v1.PUT("/criteria-sets/:id", s.requireRole(domain.RoleCDO), s.handlePutCriteriaSet)
	v1.GET("/settings/checklist", s.requireRole(domain.RoleCDO), s.handleGetChecklist)
	v1.PUT("/settings/checklist", s.requireRole(domain.RoleCDO), s.handlePutChecklist)
	v1.GET("/ideas/:id/pilot", s.handleGetPilot)
	v1.PUT("/ideas/:id/pilot", s.requireAuth, s.handlePutPilot)
	v1.POST("/ideas/:id/pilot/updates", s.requireAuth, s.handlePostPilotUpdate)
	v1.GET("/ideas/:id/rollout", s.handleGetRollout)
	v1.PUT("/ideas/:id/rollout", s.requireRole(domain.RoleCDO), s.handlePutRollout)
	v1.GET("/ideas/:id/reuse-profile", s.handleGetReuseProfile)
	v1.GET("/reuse-profiles", s.handleListReuseProfiles)
	v1.POST("/reuse-profiles/import", s.requireRole(domain.RoleCDO), s.handleImportReuseProfile)
	v1.GET("/audit", s.requireRole(domain.RoleAdmin, domain.RoleCDO), s.handleListAudit)

	// Analytics and exports for the cdo; the open data of public ideas for everyone.
	v1.GET("/analytics/funnel", s.requireRole(domain.RoleCDO), s.handleAnalyticsFunnel)
	v1.GET("/analytics/export.csv", s.requireRole(domain.RoleCDO), s.handleAnalyticsExport)
	v1.GET("/analytics/export.json", s.requireRole(domain.RoleCDO), s.handleAnalyticsExport)
	v1.GET("/public/export.json", s.handlePublicExport)

}

// handleNoRoute answers unknown API paths with the error envelope and everything else with
// the SPA (client-side routing).
func (s *Server) handleNoRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if p == "/api" || len(p) >= 5 && p[:5] == "/api/" || c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "no such resource"))
		return
	}
	s.serveSPA(c)
}
