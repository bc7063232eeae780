/**
 * Resource shapes shared by several features.
 *
 * Where ../api/openapi.yaml describes a schema, the type here should be an alias of the
 * generated one (components['schemas'][...]); the others follow ../shared/API.md and
 * PRODUCT.md until the backend publishes them.
 */

import type { components } from '@/lib/api-types';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Locale = Schemas['Locale'];
export type User = Schemas['User'];
export type UserStatus = User['status'];
export type Branding = Schemas['Branding'];
export type Tenant = Schemas['Tenant'];
export type Department = Schemas['Department'];
export type LoginResponse = Schemas['Session'];

export type Stage =
  | 'draft'
  | 'submitted'
  | 'screening'
  | 'evaluation'
  | 'decision'
  | 'pilot'
  | 'rollout'
  | 'implemented'
  | 'rejected'
  | 'merged'
  | 'parked'
  | 'stopped'
  | 'withdrawn';

export type Visibility = 'internal' | 'public';
export type TargetGroup = 'citizens' | 'businesses' | 'staff';
export type Source = 'staff' | 'citizen' | 'other_municipality';

export type PersonRef = Schemas['FunnelUser'];
export type ScoreSummary = Schemas['ScoreSummary'];
export type CriterionStats = ScoreSummary['criteria'][number] & { label?: string };
export type Kpi = Schemas['Kpi'];
export type PilotPlan = Schemas['PilotPlan'];
export type Measurement = Schemas['Measurement'];
export type PilotResults = Schemas['PilotResults'];
export type Pilot = Schemas['Pilot'];
export type PilotKpi = Pilot['kpis'][number];
export type PilotUpdate = Pilot['updates'][number];
export type Rollout = Schemas['Rollout'];
export type RolloutDepartment = Rollout['departments'][number];
export type ChecklistItem = Schemas['ChecklistItem'];
export type ChecklistAnswer = NonNullable<Decision['checklist']>[number];

/**
 * An idea as the list returns it, or in full. `supported`/`following` are not part of the
 * contract; the UI keeps them from the last support/follow response.
 */
export type IdeaSummary = Schemas['IdeaSummary'] & { supported?: boolean; following?: boolean };
export type Idea = IdeaSummary & Partial<Omit<Schemas['Idea'], keyof Schemas['IdeaSummary']>>;
export type IdeaWrite = Schemas['IdeaWrite'];
export type SimilarIdea = Schemas['SimilarIdea'];
export type Campaign = Schemas['Campaign'];
export type Criterion = Schemas['Criterion'];
export type CriteriaSet = Schemas['CriteriaSet'];
export type Decision = Schemas['Decision'];
export type TransitionResult = Schemas['TransitionResult'];
export type ReuseProfile = Schemas['ReuseProfile'];
export type ReuseKpi = ReuseProfile['results']['kpis'][number];
export type IdeaOrigin = Schemas['IdeaOrigin'];
export type ImportResult = Schemas['ImportResult'];

/** POST /ideas/{id}/transitions */
export type TransitionInput = Schemas['TransitionRequest'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type Webhook = Schemas['Webhook'];
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookResult = Schemas['WebhookResult'];
export type ReportedComment = Schemas['ReportedComment'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditAction = Schemas['AuditAction'];
