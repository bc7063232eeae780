import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, unwrap } from '@/lib/api-client';
import type { CriteriaSet, Criterion, Role } from '@/types/api';

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
