import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Field, PageHeader, Select, Skeleton, useToast } from '@/components/ui';
import { GateDialog } from '@/components/funnel/GateDialog';
import { api, unwrap, type Page } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { BOARD_COLUMNS, findMove } from '@/lib/funnel';
import { useCampaignOptions } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import type { Idea, Stage } from '@/types/api';
import { useModerationCount } from '@/features/admin/api';
import { useIdea } from '@/features/ideas/api';

const PER_COLUMN = 50;

function daysSince(iso: string | undefined | null): number | null {
  if (!iso) return null;
  return Math.floor((Date.now() - new Date(iso).getTime()) / 86400_000);
}

/**
 * The CDO's Kanban view of the funnel. Keyboard path: Tab to a card's "Move" button, Enter
 * opens the gate dialog. Mouse path: drag a card onto a column; the same dialog opens with
 * that column preselected, because every gate needs its data. When the dialog closes (moved
 * or cancelled), focus returns to the card's "Move" button – in its new column after a move,
 * where the card is a new element (the dialog's own return would find its old button gone and
 * fall back to the page) – or, for a card that left the board, to the column it left.
 */
export function BoardRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const campaigns = useCampaignOptions();
  const [campaignId, setCampaignId] = useState('');
  const [moving, setMoving] = useState<{ idea: Idea; target?: Stage } | null>(null);
  const [dragging, setDragging] = useState<Idea | null>(null);
  const [dropCol, setDropCol] = useState<Stage | null>(null);
  const reported = useModerationCount(true).data ?? 0;
  // Idea titles are the authors' words, in the municipality's language.
  const lang = useContentLang();
  // The cards' "Move" buttons by idea and the columns' headings by stage, for the focus after the dialog.
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  const columnHeadings = useRef(new Map<Stage, HTMLHeadingElement>());
  const returnFocus = useRef<Idea | null>(null);
  const closeDialog = () => {
    returnFocus.current = moving?.idea ?? null;
    setMoving(null);
  };
  // After the dialog's own clean-up (it returns to its opener, or to <main> when that is gone).
  useEffect(() => {
    const idea = returnFocus.current;
    if (moving || !idea) return;
    returnFocus.current = null;
    const button = moveButtons.current.get(idea.id);
    const target = button?.isConnected ? button : columnHeadings.current.get(idea.stage);
    target?.focus();
    // On a narrow screen the new column may sit beside the old one, off the side: focus alone
    // left the button partly out of view (scrollIntoView is missing in some environments).
    target?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [moving]);

  const columns = useQueries({
    queries: BOARD_COLUMNS.map((stage) => ({
      queryKey: ['ideas', 'list', { board: stage, campaignId }],
      queryFn: (): Promise<Page<Idea>> =>
        unwrap(api.GET('/ideas', { params: { query: { stage: [stage], campaign: campaignId || undefined, sort: 'activity', limit: PER_COLUMN } } })),
    })),
  });
  // The idea in the dialog as the board shows it now (fetched anew after a refused move), or,
  // when it has left the board meanwhile, as the API has it.
  const onBoard = moving ? columns.flatMap((c) => c.data?.items ?? []).find((i) => i.id === moving.idea.id) : undefined;
  const detail = useIdea(moving && !onBoard ? moving.idea.id : undefined);
  const movingNow = onBoard ?? detail.data?.idea ?? moving?.idea;
  const movingEtag = onBoard || !detail.data ? `"v${movingNow?.version}"` : (detail.data.etag ?? undefined);

  const onDrop = (stage: Stage) => {
    setDropCol(null);
    const idea = dragging;
    setDragging(null);
    if (!idea || idea.stage === stage) return;
    if (!findMove(idea.stage, stage)) {
      toast.error(t('board.notAllowed', { from: t(`stage.${idea.stage}`), to: t(`stage.${stage}`) }));
      return;
    }
    setMoving({ idea, target: stage });
  };

  return (
    <>
      <PageHeader title={t('board.title')} intro={t('board.intro')} />
      {reported > 0 && (
        <Alert kind="info">
          {t('moderation.count', { count: reported })} <Link to="/admin/moderation">{t('moderation.open')}</Link>
        </Alert>
      )}
      <div className="filters" style={{ maxWidth: '24rem' }}>
        <Field label={t('board.filterCampaign')} id="board-campaign">
          <Select value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {(campaigns.data ?? []).map((c) => (
              <option key={c.id} value={c.id} lang={lang}>
                {c.title}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="board">
        {BOARD_COLUMNS.map((stage, i) => {
          const q = columns[i];
          const items = q.data?.items ?? [];
          const total = q.data?.total ?? 0;
          const headingId = `col-${stage}`;
          return (
            <section
              key={stage}
              className="board__col"
              aria-labelledby={headingId}
              data-drop={dropCol === stage}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                setDropCol(stage);
              }}
              onDragLeave={() => setDropCol((c) => (c === stage ? null : c))}
              onDrop={(e) => {
                e.preventDefault();
                onDrop(stage);
              }}
            >
              <h2
                id={headingId}
                tabIndex={-1}
                ref={(el) => {
                  if (el) columnHeadings.current.set(stage, el);
                }}
              >
                <span>{t(`stage.${stage}`)}</span>
                <span className="meta">{t('board.count', { count: total })}</span>
              </h2>
              {q.isPending ? (
                <Skeleton lines={2} title={false} />
              ) : q.isError ? (
                <Alert kind="error">{t('errors.loadFailed')}</Alert>
              ) : items.length === 0 ? (
                <p className="meta">{t('board.emptyColumn')}</p>
              ) : (
                <ul className="board__cards">
                  {items.map((idea) => {
                    const days = daysSince(idea.stageSince ?? idea.updatedAt);
                    return (
                      <li
                        key={idea.id}
                        className="board-card"
                        draggable
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/plain', idea.id);
                          e.dataTransfer.effectAllowed = 'move';
                          setDragging(idea);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setDropCol(null);
                        }}
                      >
                        <h3 lang={lang}>
                          <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
                        </h3>
                        <p className="meta mb-0">
                          {days !== null && t('board.waiting', { count: days })}
                          {idea.score && idea.score.reviewCount > 0 && <> · {fmt.number(idea.score.weighted, 0)} / 100</>}
                          {' · '}
                          {t('ideas.supports', { count: idea.supportCount ?? 0 })}
                        </p>
                        {idea.needsInformation && <span className="badge badge--plain">{t('ideas.needsInformation')}</span>}
                        {idea.score?.disagreement && (
                          <span className="badge stage--rejected" title={t('idea.disagreement')}>
                            {t('board.disagreement')}
                          </span>
                        )}
                        <button
                          type="button"
                          className="btn btn--small"
                          aria-label={t('board.moveLabel', { title: idea.title })}
                          ref={(el) => {
                            // A card that moved column is a new element: the map keeps the one shown last.
                            if (el) moveButtons.current.set(idea.id, el);
                          }}
                          onClick={() => setMoving({ idea })}
                        >
                          {t('board.move')}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
              {total > items.length && <p className="meta">{t('board.more', { count: total - items.length })}</p>}
            </section>
          );
        })}
      </div>
      {moving && (
        <GateDialog
          idea={movingNow ?? moving.idea}
          // The version the card shows: a move on a board older than the idea is refused (412),
          // and the board is fetched anew; the dialog then decides on the idea as it is now.
          etag={movingEtag}
          open
          initialTarget={moving.target}
          onClose={closeDialog}
          onDone={(to) => {
            toast.success(t('gate.done', { title: (movingNow ?? moving.idea).title, stage: t(`stage.${to}`) }));
            closeDialog();
          }}
        />
      )}
    </>
  );
}
