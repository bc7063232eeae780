import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch, request, unwrap, type Page } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import { tenantQueryKey } from '@/lib/tenant';
import type { AuditEntry, CriteriaSet, Criterion, ReportedComment, Role, Tenant, User, UserStatus, Webhook, WebhookEvent, WebhookResult, WebhookWithSecret } from '@/types/api';

export type TenantPatch = components['schemas']['TenantPatch'];

export type UserPatch = {
  displayName?: string;
  roles?: Role[];
  departmentId?: string;
  /** "active" on an unverified account confirms its address by hand. */
  status?: 'active' | 'deactivated';
};


/** The users for the admin, a page at a time (the API's nextCursor). */
export function useUsers(q: string, role: Role | '', status: UserStatus | '' = '') {
  return useInfiniteQuery({
    queryKey: ['users', 'admin', q, role, status],
    queryFn: ({ pageParam, signal }): Promise<Page<User>> =>
      unwrap(
        api.GET('/users', {
          params: { query: { q: q || undefined, role: role || undefined, status: status || undefined, limit: 100, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * One account as stored now (there is no GET /users/{id}): looked up by its e-mail address,
 * for a form whose list no longer shows it (e.g. filtered by a status it has left).
 */
export async function findUser(id: string, email: string | undefined): Promise<User | undefined> {
  if (!email) return undefined;
  const page = await unwrap(api.GET('/users', { params: { query: { q: email, limit: 100 } } }));
  return page.items.find((u) => u.id === id);
}

/**
 * Changes an account with If-Match: the version the admin saw, so that of two admins the
 * later one is refused (412) instead of overwriting the other's change unseen. Send only
 * what the admin changed.
 */
export function usePatchUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: UserPatch }) =>
      unwrap(api.PATCH('/users/{id}', { params: { path: { id }, header: ifMatch(version) }, body: patch })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** Sends an unconfirmed account a new verification link. */
export function useResendVerification() {
  return useMutation({ mutationFn: (id: string) => request<void>('POST', `/users/${id}/verification`) });
}

export type DepartmentPatch = { code?: string; name?: string; active?: boolean };

/** Creates a department, or changes one with If-Match (only the fields the admin changed). */
export function useSaveDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: string; version: number; patch: DepartmentPatch } | { id?: undefined; code: string; name: string }) =>
      d.id !== undefined
        ? unwrap(api.PATCH('/departments/{id}', { params: { path: { id: d.id }, header: ifMatch(d.version) }, body: d.patch }))
        : unwrap(api.POST('/departments', { body: { code: d.code, name: d.name } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['departments'] }),
  });
}

/**
 * The tenant as stored, for the branding form: asked for again on every visit (an admin gets
 * the stored tenant with its version; the copy the header loaded may be older).
 */
export function useStoredTenant() {
  return useQuery({
    queryKey: tenantQueryKey,
    queryFn: (): Promise<Tenant> => unwrap(api.GET('/tenant')),
    staleTime: 0,
    refetchOnMount: 'always',
  });
}

/** Changes name and branding with If-Match; an empty logoUrl, imprintUrl or privacyUrl removes it. */
export function usePatchTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ version, patch }: { version: number; patch: TenantPatch }) =>
      unwrap(api.PATCH('/tenant', { params: { header: ifMatch(version) }, body: patch })),
    onSuccess: (data) => qc.setQueryData(tenantQueryKey, data),
  });
}

export interface CriteriaDraft {
  id?: string;
  name: string;
  description?: string;
  criteria: Criterion[];
  inUse?: boolean;
}

/** Criteria sets (POST /criteria-sets, PUT /criteria-sets/{id}). */
export function useSaveCriteriaSet() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, description, criteria }: CriteriaDraft) => {
      const body = { name, description: description || undefined, criteria: criteria.map((c) => ({ ...c, description: c.description || undefined })) };
      return id ? request<CriteriaSet>('PUT', `/criteria-sets/${id}`, { body }) : request<CriteriaSet>('POST', '/criteria-sets', { body });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['criteria-sets'] }),
  });
}

/** The mail outbox for admins: counts plus the messages being retried or failed. */
export function useOutbox() {
  return useQuery({ queryKey: ['outbox'], queryFn: () => unwrap(api.GET('/admin/outbox')), retry: false });
}

/** Outgoing webhooks (admin): the list, and the writes that keep it fresh. */
export function useWebhooks() {
  return useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/webhooks')) });
}

export interface WebhookDraft {
  id?: string;
  version?: number;
  url: string;
  description: string;
  events: WebhookEvent[];
  active: boolean;
}

/** Creates (the answer carries the secret, once) or changes a webhook with If-Match. */
export function useSaveWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, url, description, events, active }: WebhookDraft): Promise<Webhook | WebhookWithSecret> =>
      id
        ? request<Webhook>('PATCH', `/webhooks/${id}`, { body: { url, description, events, active }, headers: { 'If-Match': `"v${version}"` } })
        : request<WebhookWithSecret>('POST', '/webhooks', { body: { url, description, events, active } }),
    // After a refusal too: a conflict (someone changed it) shows the current state behind the form.
    onSettled: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (w: Webhook) => request<void>('DELETE', `/webhooks/${w.id}`, { headers: ifMatch(w.version) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useRotateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (w: Webhook) => request<WebhookWithSecret>('POST', `/webhooks/${w.id}/rotate-secret`, { headers: ifMatch(w.version) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

/** Sends a signed test delivery now; the answer says how the receiver answered. */
export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (w: Webhook) => request<WebhookResult>('POST', `/webhooks/${w.id}/test`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export const moderationKeys = { all: ['moderation'] as const, queue: ['moderation', 'queue'] as const, count: ['moderation', 'count'] as const };

/** The moderation queue (cdo): reported comments, most recently reported first. */
export function useModerationQueue() {
  return useInfiniteQuery({
    queryKey: moderationKeys.queue,
    queryFn: ({ pageParam, signal }): Promise<Page<ReportedComment>> =>
      unwrap(api.GET('/comments/reported', { params: { query: { limit: 20, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** How many comments wait for the cdo (for the tab's count); checked every few minutes. */
export function useModerationCount(enabled: boolean) {
  return useQuery({
    queryKey: moderationKeys.count,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/comments/reported', { params: { query: { limit: 1 } }, signal }))).total,
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

/** Hide a reported comment with a reason, or keep it and dismiss its reports. */
export function useModerate() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: moderationKeys.all });
  return {
    hide: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        unwrap(api.POST('/comments/{id}/hide', { params: { path: { id } }, body: { reason } })),
      onSuccess: refresh,
    }),
    dismiss: useMutation({
      mutationFn: (id: string) => request<void>('DELETE', `/comments/${encodeURIComponent(id)}/reports`),
      onSuccess: refresh,
    }),
    refresh,
  };
}

export interface AuditFilters {
  action?: string;
  target?: string;
  /** First day (YYYY-MM-DD), inclusive. */
  from?: string;
  /** Last day (YYYY-MM-DD), inclusive (the API's "to" is exclusive: the day after is sent). */
  to?: string;
}

const dayAfter = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The audit log (admin, cdo), newest first. */
export function useAuditLog(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', f],
    queryFn: ({ pageParam, signal }): Promise<Page<AuditEntry>> =>
      unwrap(
        api.GET('/audit', {
          params: {
            query: {
              action: f.action || undefined,
              target: f.target || undefined,
              from: f.from || undefined,
              to: f.to ? dayAfter(f.to) : undefined,
              limit: 50,
              cursor: pageParam,
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
