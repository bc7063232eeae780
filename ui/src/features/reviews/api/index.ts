/**
 * Reviews: the reviewer's queue and their own review. Not in api/openapi.yaml yet; shapes
 * follow ../shared/API.md and the domain model (scores per criterion, recommendation,
 * confidence, conflict-of-interest declaration, draft/submitted).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, type Page } from '@/lib/api-client';
import type { CriteriaSet, Criterion, Idea, ScoreSummary } from '@/types/api';

export interface Assignment {
  ideaId: string;
  idea?: Pick<Idea, 'id' | 'title' | 'summary' | 'stage'> | null;
  title?: string;
  stage?: Idea['stage'];
  dueAt?: string | null;
  status?: string;
  reviewStatus?: 'draft' | 'submitted' | null;
}

export interface CriterionScore {
  key: string;
  score: number;
  comment?: string;
}

export interface Review {
  id?: string;
  ideaId?: string;
  reviewer?: { id: string; displayName: string } | null;
  scores: CriterionScore[];
  recommendation?: 'go' | 'no_go' | 'needs_information' | '';
  confidence?: 'low' | 'medium' | 'high' | '';
  comment?: string;
  noConflictOfInterest?: boolean;
  status?: 'draft' | 'submitted';
  submittedAt?: string | null;
  version?: number;
}

export interface IdeaReviews {
  criteriaSet?: CriteriaSet | null;
  criteria?: Criterion[];
  mine?: Review | null;
  items?: Review[];
  aggregate?: ScoreSummary | null;
}

export function useAssignedReviews() {
  return useQuery({
    queryKey: ['reviews', 'assigned'],
    queryFn: () => request<Page<Assignment>>('GET', '/reviews/assigned', { query: { limit: 100 } }),
  });
}

export function useIdeaForReview(ideaId: string) {
  return useQuery({ queryKey: ['ideas', 'detail', ideaId, 'review'], queryFn: () => request<Idea>('GET', `/ideas/${ideaId}`) });
}

export function useReviewsOfIdea(ideaId: string) {
  return useQuery({ queryKey: ['reviews', 'idea', ideaId], queryFn: () => request<IdeaReviews>('GET', `/ideas/${ideaId}/reviews`) });
}

export interface ReviewInput {
  noConflictOfInterest: boolean;
  scores: CriterionScore[];
  recommendation?: string;
  confidence?: string;
  comment?: string;
  submit: boolean;
}

export function useSaveReview(ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) => request<Review>('PUT', `/ideas/${ideaId}/reviews/mine`, { body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['reviews'] });
    },
  });
}

export function useDeclineReview(ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => request<void>('POST', `/ideas/${ideaId}/reviews/mine/decline`, { body: { reason } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews'] }),
  });
}
