/**
 * GET /analytics/funnel (FunnelAnalytics in api/openapi.yaml). The response is normalised
 * here so the dashboard copes with either map- or list-shaped breakdowns.
 */
import { useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Stage } from '@/types/api';

export interface Breakdown {
  /** Empty when the API gives no label (e.g. "no campaign", or a source key to translate) */
  label: string;
  key?: string | null;
  count: number;
  /** Of those ideas, how many reached the pilot, the rollout, implementation (absent in older shapes). */
  piloted?: number;
  rolledOut?: number;
  implemented?: number;
}

/** A reviewer's workload (ReviewerWorkload); the figures after onTimeRate are absent in older shapes. */
export interface ReviewerRow {
  name: string;
  assigned: number;
  done: number;
  onTimeRate: number | null;
  /** Assignments of ideas still in evaluation without a submitted review. */
  open?: number;
  overdue?: number;
  /** The idea left evaluation without this review. */
  missed?: number;
  medianDaysToSubmit?: number | null;
}

export interface Analytics {
  counts: { stage: Stage; count: number }[];
  conversion: { from: Stage; to: Stage; rate: number }[];
  timeInStage: { stage: Stage; medianDays: number | null; p90Days: number | null }[];
  sla: { ideaId: string; title: string; stage: Stage; days: number }[];
  throughput: { month: string; submitted: number; decided: number; piloted: number; rolledOut: number }[];
  byDepartment: Breakdown[];
  byCampaign: Breakdown[];
  bySource: Breakdown[];
  pilotSuccessRate: number | null;
  reviewers: ReviewerRow[];
  /** Alpha with what it rests on: the ideas and reviews of the campaign (when the API says). */
  agreement: { label: string; alpha: number | null; n?: number; ideas?: number; reviews?: number }[];
}

type Raw = Record<string, unknown>;
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (...vs: unknown[]): string => (vs.find((v) => typeof v === 'string' && v) as string) ?? '';
/** A figure the response may lack: left out (undefined) rather than shown as 0. */
const opt = (v: unknown): number | undefined => num(v) ?? undefined;

function breakdown(v: unknown): Breakdown[] {
  if (Array.isArray(v)) {
    return (v as Raw[]).map((r) => ({
      label: str(r.label, r.name, (r.department as Raw)?.name, (r.campaign as Raw)?.title, r.title, r.key, r.source, r.id),
      key: typeof r.key === 'string' ? r.key : null,
      count: num(r.ideas) ?? num(r.count) ?? num(r.total) ?? num(r.submitted) ?? 0,
      piloted: opt(r.piloted),
      rolledOut: opt(r.rolledOut),
      implemented: opt(r.implemented),
    }));
  }
  if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([label, count]) => ({ label, count: num(count) ?? 0 }));
  return [];
}

export function normalizeAnalytics(raw: Raw): Analytics {
  const countsRaw = raw.stages ?? raw.counts ?? raw.funnel;
  const counts = Array.isArray(countsRaw)
    ? (countsRaw as Raw[]).map((r) => ({ stage: r.stage as Stage, count: num(r.count) ?? 0 }))
    : countsRaw && typeof countsRaw === 'object'
      ? Object.entries(countsRaw as Record<string, number>).map(([stage, count]) => ({ stage: stage as Stage, count }))
      : [];
  return {
    counts,
    conversion: arr(raw.conversion ?? raw.conversions).map((r) => ({ from: r.from as Stage, to: r.to as Stage, rate: num(r.rate) ?? 0 })),
    timeInStage: arr(raw.timeInStage).map((r) => ({
      stage: r.stage as Stage,
      medianDays: num(r.medianDays) ?? (num(r.medianHours) !== null ? num(r.medianHours)! / 24 : null),
      p90Days: num(r.p90Days) ?? (num(r.p90Hours) !== null ? num(r.p90Hours)! / 24 : null),
    })),
    sla: arr(Array.isArray(raw.sla) ? raw.sla : ((raw.sla as Raw | undefined)?.overdue ?? raw.overdue)).map((r) => ({
      ideaId: str(r.ideaId, r.id),
      title: str(r.title),
      stage: r.stage as Stage,
      // The API's daysWaiting (days in the stage so far); days/daysInStage from older shapes.
      days: num(r.daysWaiting) ?? num(r.days) ?? num(r.daysInStage) ?? 0,
    })),
    throughput: arr(raw.throughput ?? raw.monthly).map((r) => ({
      month: str(r.month),
      submitted: num(r.submitted) ?? 0,
      decided: num(r.decided) ?? 0,
      piloted: num(r.piloted) ?? 0,
      rolledOut: num(r.rolledOut) ?? 0,
    })),
    byDepartment: breakdown(raw.byDepartment),
    byCampaign: breakdown(raw.byCampaign),
    bySource: breakdown(raw.bySource),
    pilotSuccessRate: num(raw.pilotSuccessRate) ?? num((raw.pilots as Raw | undefined)?.successRate),
    reviewers: arr(Array.isArray(raw.reviewers) ? raw.reviewers : ((raw.reviewers as Raw | undefined)?.rows ?? raw.reviewerWorkload)).map((r) => ({
      name: str((r.reviewer as Raw)?.displayName, r.displayName, r.name, r.reviewerId),
      assigned: num(r.assigned) ?? 0,
      done: num(r.done) ?? num(r.submitted) ?? 0,
      onTimeRate: num(r.onTimeRate),
      open: opt(r.open),
      overdue: opt(r.overdue),
      missed: opt(r.missed),
      // null: no review submitted yet (the API's NullableDays); absent in older shapes.
      medianDaysToSubmit: 'medianDaysToSubmit' in r ? num(r.medianDaysToSubmit) : undefined,
    })),
    agreement: arr(raw.agreement ?? raw.reviewerAgreement).map((r) => ({
      label: str(r.label, r.title, (r.campaign as Raw)?.title),
      alpha: num(r.alpha),
      n: num(r.n) ?? undefined,
      ideas: opt(r.ideas),
      reviews: opt(r.reviews),
    })),
  };
}

/**
 * The filter query of /analytics/funnel and /analytics/export.{csv,json} for a period ("90" or
 * "365" days back, or "all"): the dashboard and its exports must select the same ideas, so
 * both take it from here. `from` is a date (UTC, that day's start); "all" sends no filter.
 */
export function analyticsFilter(days: string, now: number = Date.now()): { from?: string } {
  if (days === 'all') return {};
  return { from: new Date(now - Number(days) * 86400_000).toISOString().slice(0, 10) };
}

export type AnalyticsFilter = ReturnType<typeof analyticsFilter>;

/** The dashboard's figures for a filter; the exports take the same filter. */
export function useAnalytics(filter: AnalyticsFilter) {
  return useQuery({
    queryKey: ['analytics', filter],
    queryFn: async () => normalizeAnalytics(await request<Raw>('GET', '/analytics/funnel', { query: filter })),
    retry: false,
  });
}
