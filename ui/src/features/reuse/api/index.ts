/**
 * The shared reuse catalogue ("Einer für alle"): TanStack Query hooks per endpoint, typed from
 * api/openapi.yaml. The catalogue is public; importing is for the CDO's office.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { ImportResult, ReuseProfile } from '@/types/api';

export const reuseKeys = {
  all: ['reuse-profiles'] as const,
  list: (q: string) => ['reuse-profiles', 'list', q] as const,
};

/** The catalogue page by page, newest first; q as typed (the API folds case and umlauts). */
export function useReuseProfiles(q: string, pageSize = 10) {
  return useInfiniteQuery({
    queryKey: reuseKeys.list(q),
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/reuse-profiles', { params: { query: { q: q || undefined, limit: pageSize, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A profile of this deployment's catalogue, or a profile document from another deployment. */
export type ImportInput = { profileId: string } | { profile: ReuseProfile };

/** Imports a profile as a new idea (stage submitted, source other_municipality). */
export function useImportReuseProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportInput): Promise<ImportResult> => unwrap(api.POST('/reuse-profiles/import', { body })),
    // The new idea shows up in the idea lists.
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ideas'] });
      void qc.invalidateQueries({ queryKey: reuseKeys.all });
    },
  });
}
