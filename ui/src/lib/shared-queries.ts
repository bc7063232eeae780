/**
 * Reference data several features need (departments, users for pickers, criteria sets,
 * campaigns for selects). Kept here so features do not import each other.
 */
import { useQuery } from '@tanstack/react-query';
import { api, request, unwrap, type Page } from './api-client';
import type { Campaign, CriteriaSet, Department, Role, User } from '@/types/api';

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: async (): Promise<Department[]> => (await unwrap(api.GET('/departments'))).items,
    staleTime: 10 * 60_000,
  });
}

export function departmentLabel(d: Pick<Department, 'code' | 'name'> | undefined): string {
  return d ? `${d.code} — ${d.name}` : '';
}

/** Users with a role, for pickers (the CDO may read reviewers; admins read everyone). */
export function useUsersWithRole(role: Role, enabled = true) {
  return useQuery({
    queryKey: ['users', { role }],
    queryFn: async (): Promise<User[]> => (await unwrap(api.GET('/users', { params: { query: { role, limit: 100 } } }))).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useCampaignOptions(enabled = true) {
  return useQuery({
    queryKey: ['campaigns', 'options'],
    queryFn: async (): Promise<Campaign[]> => (await request<Page<Campaign>>('GET', '/campaigns', { query: { limit: 100 } })).items,
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCriteriaSets(enabled = true) {
  return useQuery({
    queryKey: ['criteria-sets'],
    queryFn: async (): Promise<CriteriaSet[]> => (await request<Page<CriteriaSet>>('GET', '/criteria-sets', { query: { limit: 100 } })).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}
