/** Campaigns (Ideenaufrufe) — not in api/openapi.yaml yet; shapes from API.md and PRODUCT.md. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, requestWithMeta, unwrap, type Page } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import { ALL_STAGES } from '@/lib/funnel';
import type { Campaign, Idea } from '@/types/api';

export function useCampaigns() {
  return useQuery({ queryKey: ['campaigns', 'list'], queryFn: () => request<Page<Campaign>>('GET', '/campaigns', { query: { limit: 100 } }) });
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ['campaigns', 'detail', id],
    queryFn: () => requestWithMeta<Campaign>('GET', `/campaigns/${id}`),
    enabled: !!id,
  });
}

/** Every stage but the draft: a campaign's ideas are the submitted ones (an author's own draft is not). */
const SUBMITTED_STAGES = ALL_STAGES.filter((s) => s !== 'draft');

export function useCampaignIdeas(id: string) {
  return useQuery({
    queryKey: ['ideas', 'list', { campaignId: id, stage: SUBMITTED_STAGES }],
    queryFn: (): Promise<Page<Idea>> =>
      unwrap(api.GET('/ideas', { params: { query: { campaign: id, stage: SUBMITTED_STAGES, limit: 50, sort: 'supports' } } })),
  });
}

export type RankingRow = components['schemas']['RankingItem'];

export function useRanking(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'ranking', id],
    queryFn: async () => {
      const r = await request<Page<RankingRow>>('GET', `/campaigns/${id}/ranking`);
      return r.items;
    },
    enabled,
    retry: false,
  });
}

export type CampaignInput = components['schemas']['CampaignWrite'];

export function useSaveCampaign(id: string | undefined, etag: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CampaignInput) =>
      id
        ? request<Campaign>('PATCH', `/campaigns/${id}`, { body: input, headers: etag ? { 'If-Match': etag } : undefined })
        : request<Campaign>('POST', '/campaigns', { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

/** An open call whose first day is still to come (it takes no ideas until then). */
export function opensLater(c: Pick<Campaign, 'status' | 'opensAt'>, now = new Date()): boolean {
  return c.status === 'open' && !!c.opensAt && new Date(c.opensAt) > now;
}
