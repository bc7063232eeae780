import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, unwrap, type Page } from '@/lib/api-client';
import type { CriteriaSet, Role } from '@/types/api';

export type UserPatch = {
  displayName?: string;
  roles?: Role[];
  departmentId?: string;
  status?: 'active' | 'deactivated';
};

export function useUsers(q: string, role: Role | '') {
  return useQuery({
    queryKey: ['users', 'admin', q, role],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { q: q || undefined, role: role || undefined, limit: 100 } } })),
  });
}

export function usePatchUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) => unwrap(api.PATCH('/users/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useSaveDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, code, name, active }: { id?: string; code: string; name: string; active?: boolean }) =>
      id
        ? unwrap(api.PATCH('/departments/{id}', { params: { path: { id } }, body: { code, name, active } }))
        : unwrap(api.POST('/departments', { body: { code, name } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['departments'] }),
  });
}

/** Criteria sets: not in the contract yet (GET/POST /criteria-sets, PUT /criteria-sets/{id}). */
export function useSaveCriteriaSet() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (set: Omit<CriteriaSet, 'id'> & { id?: string }) =>
      set.id ? request<CriteriaSet>('PUT', `/criteria-sets/${set.id}`, { body: set }) : request<CriteriaSet>('POST', '/criteria-sets', { body: set }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['criteria-sets'] }),
  });
}

export interface OutboxMessage {
  id: string;
  to?: string;
  subject?: string;
  status?: 'pending' | 'sent' | 'failed' | string;
  attempts?: number;
  lastError?: string | null;
  createdAt?: string;
  nextAttemptAt?: string | null;
  sentAt?: string | null;
}

/** The mail outbox for admins: not in API.md's table; assumed GET /admin/outbox. */
export function useOutbox() {
  return useQuery({
    queryKey: ['outbox'],
    queryFn: () => request<Page<OutboxMessage>>('GET', '/admin/outbox', { query: { limit: 100 } }),
    retry: false,
  });
}
