/**
 * Resource shapes shared by several features.
 *
 * Where ../api/openapi.yaml describes a schema, the type here should be an alias of the
 * generated one (components['schemas'][...]); the others follow ../shared/API.md and
 * PRODUCT.md until the backend publishes them.
 */

export type Role = 'citizen' | 'employee' | 'reviewer' | 'cdo' | 'admin';
export type UserStatus = 'active' | 'unverified' | 'deactivated';
export type Locale = 'de' | 'en';

export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  departmentId?: string | null;
  status: UserStatus;
  locale: Locale | string;
  createdAt: string;
  updatedAt: string;
  notificationPrefs?: Record<string, { inApp?: boolean; email?: boolean }>;
}

export interface Branding {
  primaryColor?: string | null;
  logoUrl?: string | null;
  contactEmail?: string | null;
  imprintUrl?: string | null;
  privacyUrl?: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  branding: Branding;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: User;
}

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

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface Idea {
  id: string;
  title: string;
  summary: string;
  description?: string;
  problem?: string;
  expectedBenefit?: string;
  targetGroups?: TargetGroup[];
  tags?: string[];
  departmentId?: string | null;
  campaignId?: string | null;
  visibility: Visibility;
  stage: Stage;
  source?: 'citizen' | 'staff';
  author?: PersonRef | null;
  authorId?: string;
  coAuthors?: PersonRef[];
  supportCount?: number;
  commentCount?: number;
  supportedByMe?: boolean;
  followedByMe?: boolean;
  score?: number | null;
  mergedInto?: string | null;
  parkedUntil?: string | null;
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

export interface Department {
  id: string;
  code: string;
  name: string;
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
}

export interface DecisionRecord {
  id: string;
  ideaId?: string;
  from: Stage;
  to: Stage;
  actor?: PersonRef | null;
  at: string;
  reason?: string | null;
  override?: boolean;
  data?: Record<string, unknown> | null;
}

export interface Kpi {
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: 'increase' | 'decrease';
  latest?: number | null;
  result?: number | null;
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
