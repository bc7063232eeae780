package domain

// Reasons name the rule behind an error (`error.reason` and `fields[].reason` in the API),
// so that clients word it in their user's language; Params carry what the wording needs
// (stage keys, counts, names). Messages stay English for API clients and logs. Every reason
// is listed in api/openapi.yaml (ErrorReason) and in the SPA's catalogue (errors.reason);
// TestReasonsDocumented and the UI's catalogue test keep the three in step.
const (
	// Conflicts (409).
	RBusy                   = "busy"                     // a concurrent change won; try again
	RDuplicate              = "duplicate"                // a unique key is taken
	REmailTaken             = "email_taken"              // an account has this e-mail address
	RDepartmentCodeTaken    = "department_code_taken"    // a department has this code
	RTenantSlugTaken        = "tenant_slug_taken"        // a municipality has this slug
	RHostTaken              = "host_taken"               // a host is mapped to another municipality
	RAttachmentsFull        = "attachments_full"         // {max}
	RAttachmentsLocked      = "attachments_locked"       // {stage}
	RCommentDeleted         = "comment_deleted"          // the comment was deleted
	RCommentHidden          = "comment_hidden"           // a hidden comment cannot be edited
	RCommentAlreadyHidden   = "comment_already_hidden"   // hiding twice
	RCommentAlreadyReported = "comment_already_reported" // reporting twice
	RCommentsOnDraft        = "comments_on_draft"        // drafts are not discussed
	RReuseImported          = "reuse_already_imported"   // the municipality imported the profile
	RReuseOwnProfile        = "reuse_own_profile"        // importing one's own profile
	RReuseNoResults         = "reuse_no_results"         // only ideas with pilot results are shared
	RMessageSent            = "message_already_sent"     // retrying a sent e-mail
	RReviewersStage         = "reviewers_wrong_stage"    // {stage}
	RReviewerDeclined       = "reviewer_declined"        // declined for a conflict of interest
	RReviewerSubmitted      = "reviewer_submitted"       // a reviewer with a submitted review stays
	RReviewStage            = "review_wrong_stage"       // {stage}
	RReviewSubmitted        = "review_already_submitted" // declining after submitting
	RCampaignStatus         = "campaign_status"          // {status, next}
	RCampaignClosed         = "campaign_closed"          // the campaign takes no more ideas
	RCampaignNotOpen        = "campaign_not_open"        // the campaign is a draft
	RTransitionNotAllowed   = "transition_not_allowed"   // {stage, to}
	RReviewsOutstanding     = "reviews_outstanding"      // {submitted, assigned}
	RTooFewReviewers        = "too_few_reviewers"        // {required, assigned}: fewer than the campaign asks for
	RNoPilotPlan            = "no_pilot_plan"            // the idea has no pilot plan
	RSupportClosed          = "support_closed"           // {stage}
	RPilotNotRunning        = "pilot_not_running"        // {stage}
	RPilotUpdatesFull       = "pilot_updates_full"       // {max}
	RNotInRollout           = "not_in_rollout"           // {stage}
	RCriteriaKeysInUse      = "criteria_keys_in_use"     // the set's keys cannot change
	RIdeaNotEditable        = "idea_not_editable"        // {stage}
	ROnlyDraftsDeleted      = "only_drafts_deleted"      // withdraw instead
	RAdminSelfDelete        = "admin_self_delete"        // an admin deleting their own account
	RCampaignInternal       = "campaign_internal"        // 403: a citizen and an internal campaign
	REmailUnverified        = "email_unverified"         // 403: sign-in before confirming the address
	RFileType               = "file_type"                // 415: not an accepted file type
	ROwnIdeaReview          = "own_idea_review"          // 403: an author or co-author reviewing

	// Field rules (400).
	RReviewerIsAuthor       = "reviewer_is_author"        // {name}
	RReviewerNotReviewer    = "reviewer_not_reviewer"     // {name}
	RReviewerInactive       = "reviewer_inactive"         // {name}
	RReasonRequired         = "reason_required"           // a decision needs a reason
	RQuestionsRequired      = "questions_required"        // sending back needs the questions
	RAnswerRequired         = "answer_required"           // the authors' answer to the questions
	ROverrideReason         = "override_reason_required"  // an override needs a reason
	RNotUsedHere            = "not_used_here"             // {stage, to}: gate data of another transition
	RDescriptionRequired    = "description_required"      // submitting needs a description
	RMergeTargetRequired    = "merge_target_required"     // name the duplicate's original
	RMergeIntoSelf          = "merge_into_self"           // an idea merged into itself
	RMergeTargetMissing     = "merge_target_missing"      // the target does not exist
	RMergeTargetStage       = "merge_target_stage"        // {stage}
	RRevisitRequired        = "revisit_required"          // parking needs a revisit date
	RRevisitPast            = "revisit_past"              // the revisit date has passed
	RPilotPlanRequired      = "pilot_plan_required"       // entering the pilot needs a plan
	RPilotOwnerRequired     = "pilot_owner_required"      // name the owner
	RPilotDepartment        = "pilot_department_required" // name the owning department
	RPilotDatesRequired     = "pilot_dates_required"      // start and end date
	REndAfterStart          = "end_after_start"           // the end is not after the start
	RDuePast                = "due_past"                  // a review's due date is not in the future
	RKPIsRequired           = "kpis_required"             // at least one KPI
	RNewEndDateRequired     = "new_end_date_required"     // extending needs a new end date
	RNewEndDateLater        = "new_end_date_later"        // the new end date must be later
	RResultsRequired        = "results_required"          // leaving the pilot needs results
	RLessonsRequired        = "lessons_required"          // 10–20,000 characters
	RKPIUnknown             = "kpi_unknown"               // not a KPI of the pilot
	RKPITwice               = "kpi_twice"                 // two results for one KPI
	RKPIResultMissing       = "kpi_result_missing"        // {kpi}
	RKPIHasMeasurements     = "kpi_has_measurements"      // {kpi}
	RKPITargetAbove         = "kpi_target_above"          // a KPI to increase needs a higher target
	RKPITargetBelow         = "kpi_target_below"          // a KPI to decrease needs a lower target
	REndDateViaExtension    = "end_date_via_extension"    // change the end date by extending
	RNoteOrMeasurement      = "note_or_measurement"       // a pilot update needs content
	RDateInFuture           = "date_in_future"            // a measurement's date
	RDateBeforePilot        = "date_before_pilot"         // a measurement dated before the pilot started
	RRolloutDepartments     = "rollout_departments"       // name the target departments
	RListedTwice            = "listed_twice"              // an entry given twice
	RInactiveUser           = "inactive_user"             // not an active user of the municipality
	RInactiveDepartment     = "inactive_department"       // not an active department
	RNoSuchDepartment       = "no_such_department"        // unknown department
	RNoSuchCampaign         = "no_such_campaign"          // unknown campaign
	RNoSuchUser             = "no_such_user"              // unknown user
	RNoSuchCriteriaSet      = "no_such_criteria_set"      // unknown criteria set
	RCoAuthorIsAuthor       = "coauthor_is_author"        // the author as co-author
	RCoAuthorIsReviewer     = "coauthor_is_reviewer"      // a reviewer of the idea as co-author (unnamed: authors never learn who reviews)
	RReuseContactRequired   = "reuse_contact_required"    // a reusable rollout names a contact
	RCitizenIdeasPublic     = "citizen_ideas_public"      // citizens' ideas are public
	RCampaignIdeasInternal  = "campaign_ideas_internal"   // an internal campaign's ideas are internal
	RClosingDatePassed      = "closing_date_passed"       // opening a campaign whose date passed
	RChecklistUnknown       = "checklist_unknown"         // not an item of the checklist
	RChecklistTwice         = "checklist_twice"           // an item answered twice
	RChecklistMissing       = "checklist_missing"         // {item}: a required item unanswered
	RWeightsSum             = "weights_sum"               // {sum}: weights must sum to 100
	RNoConflictDeclared     = "no_conflict_declared"      // declare no conflict of interest
	RCriterionUnknown       = "criterion_unknown"         // not a criterion of the set
	RCriterionTwice         = "criterion_twice"           // a criterion scored twice
	RScoresMissing          = "scores_missing"            // {criterion}
	RRecommendationRequired = "recommendation_required"   // submitting needs a recommendation
	RConfidenceRequired     = "confidence_required"       // submitting needs a confidence
	RDeclineReason          = "decline_reason_required"   // 3–2,000 characters
	RSubmittedStays         = "submitted_stays"           // a submitted review is no draft again
	RColourFormat           = "colour_format"             // like #005ca9
	RSelfAdminRole          = "self_admin_role"           // an admin removing their own role
	RSelfDeactivate         = "self_deactivate"           // a user deactivating themselves
	RSelfGrantRole          = "self_grant_role"           // an admin giving themselves a role (no power over decisions)
	RPlanCommitment         = "plan_commitment"           // a pilot owner changing what the decision approved
	RPasswordToDelete       = "password_to_delete"        // deleting an account needs the password
	RConfirmDelete          = "confirm_delete"            // deleting an account needs confirming
	RTitleOrSummary         = "title_or_summary"          // similar ideas need a text
	RFileEmpty              = "file_empty"                // an empty upload
	ROneFile                = "one_file"                  // one file per request
	RPasswordShort          = "password_short"            // {min}
	RPasswordLong           = "password_long"             // too many bytes
	RPasswordCommon         = "password_common"           // on the list of common passwords
	RPasswordPersonal       = "password_personal"         // contains the name or address
	RPasswordWrong          = "password_wrong"            // the current password is not the one given
	RWebhookLimit           = "webhook_limit"             // {max} webhooks per municipality
	RWebhookURL             = "webhook_url"               // not an http(s) URL without credentials
	RWebhookAddress         = "webhook_address"           // loopback, link-local or unspecified addresses
	RWebhookEvents          = "webhook_events"            // a webhook needs at least one event
	RNotUnverified          = "not_unverified"            // {status}: only unconfirmed accounts get a new link
	RNoFeedbackContact      = "no_feedback_contact"       // the tenant has no contact address for barrier feedback
)

// Reasons lists every reason, in the order above.
var Reasons = []string{
	RBusy, RDuplicate, REmailTaken, RDepartmentCodeTaken, RTenantSlugTaken, RHostTaken,
	RAttachmentsFull, RAttachmentsLocked, RCommentDeleted, RCommentHidden, RCommentAlreadyHidden,
	RCommentAlreadyReported, RCommentsOnDraft, RReuseImported, RReuseOwnProfile, RReuseNoResults,
	RMessageSent, RReviewersStage, RReviewerDeclined, RReviewerSubmitted, RReviewStage,
	RReviewSubmitted, RCampaignStatus, RCampaignClosed, RCampaignNotOpen, RTransitionNotAllowed,
	RReviewsOutstanding, RTooFewReviewers, RNoPilotPlan, RSupportClosed, RPilotNotRunning, RPilotUpdatesFull,
	RNotInRollout, RCriteriaKeysInUse, RIdeaNotEditable, ROnlyDraftsDeleted, RAdminSelfDelete,
	RCampaignInternal, REmailUnverified, RFileType, ROwnIdeaReview,
	RReviewerIsAuthor, RReviewerNotReviewer, RReviewerInactive, RReasonRequired,
	RQuestionsRequired, RAnswerRequired, ROverrideReason, RNotUsedHere, RDescriptionRequired, RMergeTargetRequired,
	RMergeIntoSelf, RMergeTargetMissing, RMergeTargetStage, RRevisitRequired, RRevisitPast,
	RPilotPlanRequired, RPilotOwnerRequired, RPilotDepartment, RPilotDatesRequired, REndAfterStart, RDuePast,
	RKPIsRequired, RNewEndDateRequired, RNewEndDateLater, RResultsRequired, RLessonsRequired,
	RKPIUnknown, RKPITwice, RKPIResultMissing, RKPIHasMeasurements, RKPITargetAbove, RKPITargetBelow, REndDateViaExtension,
	RNoteOrMeasurement, RDateInFuture, RDateBeforePilot, RRolloutDepartments, RListedTwice, RInactiveUser,
	RInactiveDepartment, RNoSuchDepartment, RNoSuchCampaign, RNoSuchUser, RNoSuchCriteriaSet,
	RCoAuthorIsAuthor, RCoAuthorIsReviewer, RReuseContactRequired, RCitizenIdeasPublic, RCampaignIdeasInternal, RClosingDatePassed,
	RChecklistUnknown, RChecklistTwice, RChecklistMissing, RWeightsSum, RNoConflictDeclared,
	RCriterionUnknown, RCriterionTwice, RScoresMissing, RRecommendationRequired,
	RConfidenceRequired, RDeclineReason, RSubmittedStays, RColourFormat, RSelfAdminRole, RSelfGrantRole, RPlanCommitment,
	RSelfDeactivate, RPasswordToDelete, RConfirmDelete, RTitleOrSummary, RFileEmpty, ROneFile,
	RPasswordShort, RPasswordLong, RPasswordCommon, RPasswordPersonal, RPasswordWrong,
	RWebhookLimit, RWebhookURL, RWebhookAddress, RWebhookEvents, RNotUnverified, RNoFeedbackContact,
}
