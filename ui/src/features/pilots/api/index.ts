/** Pilots and rollouts (not in api/openapi.yaml yet; shapes from API.md and the domain). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Idea, Measurement, Pilot, Rollout } from '@/types/api';

export function usePilotIdea(id: string) {
  return useQuery({ queryKey: ['ideas', 'detail', id, 'pilot-page'], queryFn: () => request<Idea>('GET', `/ideas/${id}`) });
}

export function usePilot(id: string) {
  return useQuery({ queryKey: ['ideas', 'pilot', id], queryFn: () => request<Pilot>('GET', `/ideas/${id}/pilot`), retry: false });
}

export function useAddPilotUpdate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { note: string; measurements: Measurement[] }) => request('POST', `/ideas/${id}/pilot/updates`, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ideas', 'pilot', id] }),
  });
}

export function useRollout(id: string, enabled: boolean) {
  return useQuery({ queryKey: ['ideas', 'rollout', id], queryFn: () => request<Rollout>('GET', `/ideas/${id}/rollout`), enabled, retry: false });
}

export function useSaveRollout(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Rollout) =>
      request<Rollout>('PUT', `/ideas/${id}/rollout`, {
        body: { departments: input.departments.map(({ departmentId, status }) => ({ departmentId, status })), reusable: input.reusable, contact: input.contact || undefined },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ideas', 'rollout', id] }),
  });
}
