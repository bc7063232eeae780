/**
 * Ideas: TanStack Query hooks per endpoint, typed from api/openapi.yaml. Create, update and
 * delete go through `requestWithMeta` because they read and send the ETag (If-Match).
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, requestWithMeta, unwrap, upload, type Page } from '@/lib/api-client';
import type { components, paths } from '@/lib/api-types';
import type { Decision, Idea, IdeaWrite, SimilarIdea, TransitionInput } from '@/types/api';

export interface IdeaFilters {
  q?: string;
  stage?: string;
  campaignId?: string;
  departmentId?: string;
  tag?: string;
  visibility?: string;
  source?: string;
  mine?: boolean;
  assigned?: boolean;
  followed?: boolean;
  sort?: 'newest' | 'supports' | 'score' | 'activity' | 'relevance';
}

export const ideaKeys = {
  all: ['ideas'] as const,
  list: (f: IdeaFilters) => ['ideas', 'list', f] as const,
  detail: (id: string) => ['ideas', 'detail', id] as const,
  history: (id: string) => ['ideas', 'history', id] as const,
  comments: (id: string) => ['ideas', 'comments', id] as const,
  attachments: (id: string) => ['ideas', 'attachments', id] as const,
  reviews: (id: string) => ['ideas', 'reviews', id] as const,
};

type IdeaQuery = NonNullable<paths['/ideas']['get']['parameters']['query']>;

export function toIdeaQuery(f: IdeaFilters): IdeaQuery {
  return {
    q: f.q?.trim() || undefined,
    stage: f.stage ? [f.stage] : undefined,
    campaign: f.campaignId,
    department: f.departmentId,
    tag: f.tag,
    visibility: f.visibility as IdeaQuery['visibility'],
    source: f.source as IdeaQuery['source'],
    mine: f.mine ? 'true' : undefined,
    assigned: f.assigned ? 'true' : undefined,
    followed: f.followed ? 'true' : undefined,
    sort: f.sort,
  };
}

export function useIdeas(filters: IdeaFilters, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: ideaKeys.list(filters),
    queryFn: ({ pageParam, signal }): Promise<Page<Idea>> =>
      unwrap(api.GET('/ideas', { params: { query: { ...toIdeaQuery(filters), limit: pageSize, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export interface IdeaWithEtag {
  idea: Idea;
  etag: string | null;
}

/** One idea with its ETag (for If-Match). */
export async function fetchIdea(id: string): Promise<IdeaWithEtag> {
  const { data, etag } = await requestWithMeta<Idea>('GET', `/ideas/${id}`);
  return { idea: data, etag: etag ?? (data.version !== undefined ? `"v${data.version}"` : null) };
}

export function useIdea(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ideaKeys.detail(id ?? ''),
    queryFn: () => fetchIdea(id!),
    enabled: !!id && enabled,
  });
}

export type IdeaInput = IdeaWrite;

const versionTag = (i: Idea, etag: string | null) => etag ?? (i.version !== undefined ? `"v${i.version}"` : null);

export async function createIdea(input: IdeaInput): Promise<IdeaWithEtag> {
  const { data, etag } = await requestWithMeta<Idea>('POST', '/ideas', { body: input });
  return { idea: data, etag: versionTag(data, etag) };
}

export async function updateIdea(id: string, input: IdeaInput, etag: string | null): Promise<IdeaWithEtag> {
  const { data, etag: next } = await requestWithMeta<Idea>('PATCH', `/ideas/${id}`, {
    body: input,
    headers: etag ? { 'If-Match': etag } : undefined,
  });
  return { idea: data, etag: versionTag(data, next) };
}

export function useDeleteIdea() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, etag }: { id: string; etag: string | null }) =>
      request<void>('DELETE', `/ideas/${id}`, { headers: etag ? { 'If-Match': etag } : undefined }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ideaKeys.all }),
  });
}

export function useSimilarIdeas(title: string, summary: string, excludeId?: string) {
  const enabled = title.trim().length >= 5;
  return useQuery({
    queryKey: ['ideas', 'similar', title.trim(), summary.trim(), excludeId],
    queryFn: ({ signal }): Promise<{ items: SimilarIdea[] }> =>
      unwrap(api.POST('/ideas/similar', { body: { title: title.trim(), summary: summary.trim(), excludeId }, signal })),
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    select: (d) => (d.items ?? []).filter((s) => s.id !== excludeId),
  });
}

export function useTransition(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TransitionInput) => unwrap(api.POST('/ideas/{id}/transitions', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ideaKeys.all }),
  });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: ideaKeys.history(id),
    queryFn: async (): Promise<Decision[]> => (await unwrap(api.GET('/ideas/{id}/history', { params: { path: { id } } }))).items,
  });
}

/** Support / follow toggles: optimistic, then the server's count, rolled back on error. */
export function useSupport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) =>
      unwrap(on ? api.PUT('/ideas/{id}/support', { params: { path: { id } } }) : api.DELETE('/ideas/{id}/support', { params: { path: { id } } })),
    onMutate: async (on: boolean) => optimistic(qc, id, (i) => ({
      ...i,
      supported: on,
      supportCount: Math.max(0, (i.supportCount ?? 0) + (i.supported === on ? 0 : on ? 1 : -1)),
    })),
    onSuccess: (state) => patchIdea(qc, id, { supported: state.supported, supportCount: state.supportCount }),
    onError: (_e, _on, ctx) => ctx?.prev && qc.setQueryData(ideaKeys.detail(id), ctx.prev),
  });
}

export function useFollow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) =>
      unwrap(on ? api.PUT('/ideas/{id}/follow', { params: { path: { id } } }) : api.DELETE('/ideas/{id}/follow', { params: { path: { id } } })),
    onMutate: async (on: boolean) => optimistic(qc, id, (i) => ({ ...i, following: on })),
    onSuccess: (state) => patchIdea(qc, id, { following: state.following, followerCount: state.followerCount }),
    onError: (_e, _on, ctx) => ctx?.prev && qc.setQueryData(ideaKeys.detail(id), ctx.prev),
  });
}

type QC = ReturnType<typeof useQueryClient>;

async function optimistic(qc: QC, id: string, change: (i: Idea) => Idea) {
  await qc.cancelQueries({ queryKey: ideaKeys.detail(id) });
  const prev = qc.getQueryData<IdeaWithEtag>(ideaKeys.detail(id));
  if (prev) qc.setQueryData<IdeaWithEtag>(ideaKeys.detail(id), { ...prev, idea: change(prev.idea) });
  return { prev };
}

function patchIdea(qc: QC, id: string, patch: Partial<Idea>) {
  const cur = qc.getQueryData<IdeaWithEtag>(ideaKeys.detail(id));
  if (cur) qc.setQueryData<IdeaWithEtag>(ideaKeys.detail(id), { ...cur, idea: { ...cur.idea, ...patch } });
}

export type Comment = components['schemas']['Comment'];

export function useComments(ideaId: string) {
  return useInfiniteQuery({
    queryKey: ideaKeys.comments(ideaId),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/ideas/{id}/comments', { params: { path: { id: ideaId }, query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCommentActions(ideaId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ideaKeys.comments(ideaId) });
  return {
    add: useMutation({
      mutationFn: (body: string) => unwrap(api.POST('/ideas/{id}/comments', { params: { path: { id: ideaId } }, body: { body } })),
      onSuccess: refresh,
    }),
    edit: useMutation({
      mutationFn: ({ id, body }: { id: string; body: string }) =>
        unwrap(api.PATCH('/comments/{id}', { params: { path: { id } }, body: { body } })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/comments/{id}', { params: { path: { id } } })),
      onSuccess: refresh,
    }),
    report: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        unwrap(api.POST('/comments/{id}/report', { params: { path: { id } }, body: { reason } })),
    }),
    hide: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        unwrap(api.POST('/comments/{id}/hide', { params: { path: { id } }, body: { reason } })),
      onSuccess: refresh,
    }),
  };
}

export type Attachment = components['schemas']['Attachment'];

export function useAttachments(ideaId: string | undefined) {
  return useQuery({
    queryKey: ideaKeys.attachments(ideaId ?? ''),
    queryFn: async (): Promise<Attachment[]> =>
      (await unwrap(api.GET('/ideas/{id}/attachments', { params: { path: { id: ideaId! } } }))).items,
    enabled: !!ideaId,
  });
}

export function uploadAttachment(ideaId: string, file: File, onProgress: (f: number) => void) {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<Attachment>(`/ideas/${ideaId}/attachments`, form, onProgress);
}

export function useDeleteAttachment(ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/attachments/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ideaKeys.attachments(ideaId) }),
  });
}

export function useIdeaReviews(ideaId: string, enabled: boolean) {
  return useQuery({
    queryKey: ideaKeys.reviews(ideaId),
    queryFn: () => unwrap(api.GET('/ideas/{id}/reviews', { params: { path: { id: ideaId } } })),
    enabled,
    retry: false,
  });
}
