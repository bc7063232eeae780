/** Pilots and rollouts (not in api/openapi.yaml yet; shapes from API.md and the domain). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, unwrapWithEtag } from '@/lib/api-client';
import type { Measurement, Rollout } from '@/types/api';

/**
 * The idea's page (ideas' ideaKeys.detail, and this page's copy under it): the writes here
 * change the idea's version, which that page sends with its next gate (If-Match).
 */
const ideaDetailKey = (id: string) => ['ideas', 'detail', id] as const;

export function usePilotIdea(id: string) {
  return useQuery({ queryKey: ['ideas', 'detail', id, 'pilot-page'], queryFn: () => unwrap(api.GET('/ideas/{id}', { params: { path: { id } } })) });
}

export function usePilot(id: string) {
  return useQuery({ queryKey: ['ideas', 'pilot', id], queryFn: () => unwrap(api.GET('/ideas/{id}/pilot', { params: { path: { id } } })), retry: false });
}

export function useAddPilotUpdate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { note: string; measurements: Measurement[] }) => unwrap(api.POST('/ideas/{id}/pilot/updates', { params: { path: { id } }, body })),
    // A pilot update is a new version of the idea: its page (and its ETag for the next gate) is
    // fetched anew, without holding up this form (which clears once the update is listed).
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ideaDetailKey(id) });
      return qc.invalidateQueries({ queryKey: ['ideas', 'pilot', id] });
    },
  });
}

/** The rollout as stored, with the version (ETag) a save sends back (If-Match). */
export type StoredRollout = Rollout & { etag: string | null };

export function useRollout(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['ideas', 'rollout', id],
    queryFn: (): Promise<StoredRollout> => unwrapWithEtag(api.GET('/ideas/{id}/rollout', { params: { path: { id } } })),
    enabled,
    retry: false,
  });
}

export function useSaveRollout(id: string) {
  const qc = useQueryClient();
  return useMutation({
    // With the version the rollout was loaded at: two people saving one rollout do not
    // overwrite each other unseen (412 for the later one).
    mutationFn: ({ etag, ...input }: Rollout & { etag?: string | null }) =>
      unwrap(
        api.PUT('/ideas/{id}/rollout', {
          params: { path: { id }, header: etag ? { 'If-Match': etag } : undefined },
          body: { departments: input.departments.map(({ departmentId, status }) => ({ departmentId, status })), reusable: input.reusable, contact: input.contact || undefined },
        }),
      ),
    // So is a saved rollout.
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ideaDetailKey(id) });
      return qc.invalidateQueries({ queryKey: ['ideas', 'rollout', id] });
    },
  });
}
