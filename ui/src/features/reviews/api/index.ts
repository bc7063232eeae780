/** Reviews: the reviewer's queue and their own review (typed from api/openapi.yaml). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch, unwrap } from '@/lib/api-client';
import type { paths } from '@/lib/api-types';

export type QueueState = 'open' | 'done';

/** A page of the reviewer's queue in one state; further pages through nextCursor. */
export function useAssignedReviews(state: QueueState) {
  return useInfiniteQuery({
    queryKey: ['reviews', 'assigned', state],
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/reviews/assigned', { params: { query: { state, limit: 20, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useIdeaForReview(ideaId: string) {
  return useQuery({
    queryKey: ['ideas', 'detail', ideaId, 'review'],
    queryFn: () => unwrap(api.GET('/ideas/{id}', { params: { path: { id: ideaId } } })),
  });
}

export function useReviewsOfIdea(ideaId: string) {
  return useQuery({
    queryKey: ['reviews', 'idea', ideaId],
    queryFn: () => unwrap(api.GET('/ideas/{id}/reviews', { params: { path: { id: ideaId } } })),
  });
}

export type ReviewInput = paths['/ideas/{id}/reviews/mine']['put']['requestBody']['content']['application/json'];

/**
 * Saves the caller's review. With the version the form was filled from, the API saves only
 * over that version (If-Match): of two tabs editing one review, the later save is refused (412)
 * instead of overwriting the other's change unseen.
 */
export function useSaveReview(ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: ReviewInput; version?: number }) =>
      unwrap(
        api.PUT('/ideas/{id}/reviews/mine', {
          params: { path: { id: ideaId }, header: version === undefined ? undefined : ifMatch(version) },
          body,
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews'] }),
  });
}

export function useDeclineReview(ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/ideas/{id}/reviews/mine/decline', { params: { path: { id: ideaId } }, body: { reason } })),
    // The queue is fetched anew; the idea's reviews are no longer the caller's to read (the API
    // answers 403), so the page being left does not ask for them again.
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews', 'assigned'] }),
  });
}
