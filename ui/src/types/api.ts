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

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface CriterionStats {
  key: string;
  label?: string;
  weight: number;
  mean: number;
  min: number;
  max: number;
  stdDev: number;
  n: number;
}

export interface ScoreSummary {
  weighted: number;
  reviewCount: number;
  criteria: CriterionStats[];
  disagreement: boolean;
  recommend?: Record<string, number>;
}

export interface Kpi {
  key: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: 'increase' | 'decrease';
}

export interface PilotPlan {
  ownerId: string;
  owner?: PersonRef | null;
  departmentId: string;
  startDate: string;
  endDate: string;
  budgetEur: number;
  kpis: Kpi[];
}

export interface Measurement {
  kpiKey: string;
  date: string;
  value: number;
}

export interface PilotUpdate {
  id: string;
  authorId?: string;
  author?: PersonRef | null;
  at: string;
  note: string;
  measurements: Measurement[];
}

export interface KpiOutcome {
  kpiKey: string;
  value: number;
  met?: boolean;
  comment?: string;
}

export interface PilotResults {
  outcomes: KpiOutcome[];
  lessonsLearned: string;
}

export interface Pilot {
  plan: PilotPlan;
  updates: PilotUpdate[];
  results?: PilotResults | null;
}

export interface RolloutDepartment {
  departmentId: string;
  status: 'planned' | 'in_progress' | 'done';
  updatedAt?: string;
}

export interface Rollout {
  departments: RolloutDepartment[];
  reusable: boolean;
  contact?: string;
}

export interface ChecklistAnswer {
  key: string;
  answer: 'yes' | 'no' | 'not_applicable';
  note?: string;
}

export interface Idea {
  id: string;
  title: string;
  summary: string;
  /** Markdown as written */
  description?: string;
  /** Sanitised HTML rendered by the server, when it sends one */
  descriptionHtml?: string;
  problem?: string;
  expectedBenefit?: string;
  targetGroups?: TargetGroup[];
  tags?: string[];
  departmentId?: string | null;
  campaignId?: string | null;
  visibility: Visibility;
  source?: Source;
  stage: Stage;
  stageSince?: string;
  screeningPassed?: boolean;
  authorId?: string;
  author?: PersonRef | null;
  coAuthorIds?: string[];
  coAuthors?: PersonRef[];
  supportCount?: number;
  followerCount?: number;
  commentCount?: number;
  attachmentCount?: number;
  supported?: boolean;
  following?: boolean;
  score?: ScoreSummary | null;
  mergedInto?: string | null;
  revisitAt?: string | null;
  pilot?: Pilot | null;
  rollout?: Rollout | null;
  version?: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string | null;
  lastActivityAt?: string | null;
}

export interface SimilarIdea {
  id: string;
  title: string;
  summary?: string;
  stage?: Stage;
  score: number;
}

export interface Campaign {
  id: string;
  title: string;
  question?: string;
  description?: string;
  audience: Visibility;
  opensAt?: string | null;
  closesAt?: string | null;
  criteriaSetId?: string | null;
  reviewersPerIdea?: number;
  departmentId?: string | null;
  status: 'draft' | 'open' | 'closed';
  ideaCount?: number;
  version?: number;
  createdAt?: string;
}

export interface Criterion {
  key: string;
  label: string;
  description?: string;
  weight: number;
}

export interface CriteriaSet {
  id: string;
  name: string;
  criteria: Criterion[];
  isDefault?: boolean;
  version?: number;
}

export interface Decision {
  id: string;
  from: Stage;
  to: Stage;
  actorId?: string;
  actor?: PersonRef | null;
  actorRole?: string;
  at: string;
  reason?: string | null;
  override?: boolean;
  scoreSnapshot?: ScoreSummary | null;
  pilotPlan?: PilotPlan | null;
  results?: PilotResults | null;
  checklist?: ChecklistAnswer[] | null;
  mergedInto?: string | null;
  revisitAt?: string | null;
  newEndDate?: string | null;
  departments?: string[] | null;
}

/** POST /ideas/{id}/transitions */
export interface TransitionInput {
  to: Stage;
  reason?: string;
  override?: boolean;
  mergeInto?: string;
  revisitAt?: string;
  newEndDate?: string;
  pilotPlan?: Omit<PilotPlan, 'owner'>;
  results?: PilotResults;
  checklist?: ChecklistAnswer[];
  departments?: string[];
}
