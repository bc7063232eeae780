import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useBackTo } from '@/hooks/useBackTo';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, ConfirmDialog, Skeleton, StageBadge, usePageTitle, useErrorMessage, useToast } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { GateDialog } from '@/components/funnel/GateDialog';
import { ScoreTable } from '@/components/funnel/ScoreTable';
import { ReviewersPanel } from '@/components/funnel/ReviewersPanel';
import { useAuth } from '@/lib/auth';
import { ApiError } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { isDeletedAccount, personName } from '@/lib/people';
import { isTerminal, movesFrom } from '@/lib/funnel';
import { departmentLabel, useCampaignOptions, useDepartments } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import { CriterionName } from '@/lib/criteria';
import { useAttachments, useFollow, useIdea, useIdeaReviews, useSupport, useTransition } from '../api';
import { History } from '../components/History';
import { StageOutcome } from '../components/StageOutcome';
import { NeedsInformation } from '../components/NeedsInformation';
import { ReviewFeedback } from '../components/ReviewFeedback';
import { ReviewList } from '@/components/funnel/ReviewList';
import { Comments } from '../components/Comments';
import { formatBytes } from '../components/AttachmentsEditor';
import { AttachmentLink } from '../components/AttachmentLink';

export function IdeaDetailRoute() {
  const { id = '' } = useParams();
  // Back to the list the user came from, with its filters (see IdeaCard), else to all ideas.
  const backTo = useBackTo('/ideas');
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const location = useLocation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  // What people wrote (title, texts, tags, names of departments and campaigns) is in the
  // municipality's language, marked as such where the UI speaks another.
  const lang = useContentLang();
  const { user, hasRole, status } = useAuth();
  // Wait for the session: an anonymous request would 404 on internal ideas.
  const q = useIdea(id, status !== 'loading');
  const idea = q.data?.idea;
  usePageTitle(idea?.title ?? t('ideas.title'));
  const departments = useDepartments();
  const campaigns = useCampaignOptions(!!idea?.campaignId);
  const attachments = useAttachments(idea && (idea.attachmentCount ?? 1) > 0 ? id : undefined);
  const support = useSupport(id);
  const follow = useFollow(id);
  const transition = useTransition(id);
  const isCdo = hasRole('cdo');
  // Authors and co-authors see the aggregated review feedback (never who reviewed) once the
  // idea has reviews; the idea's score says so. A reviewer sees the single reviews (without
  // names) once they submitted their own: the API answers "peers" then, "own" before. The
  // idea's permissions say whether the API answers at all (a reviewer not assigned to it
  // would get 403). (The idea's score does not tell: in evaluation it is the CDO's alone.)
  const authorOfIdea = !!user && !!idea && (idea.author?.id === user.id || idea.coAuthors.some((c) => c.id === user.id));
  // Every stage an idea can reach after its evaluation (also when it was parked, rejected or
  // stopped then): its reviews stay readable.
  const reviewedStage = !!idea && ['evaluation', 'decision', 'pilot', 'rollout', 'implemented', 'parked', 'rejected', 'stopped'].includes(idea.stage);
  const reviews = useIdeaReviews(
    id,
    !!idea &&
      (idea.permissions?.reviews ?? true) &&
      (isCdo
        ? reviewedStage
        : authorOfIdea
          ? (idea.score?.reviewCount ?? 0) > 0
          : hasRole('reviewer') && reviewedStage),
  );
  const [gateOpen, setGateOpen] = useState(false);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [withdrawReason, setWithdrawReason] = useState('');
  // After a move through a gate the "move" button may be gone (a rejected idea has no
  // moves): focus then goes on from the idea's title instead of the top of the page.
  const heading = useRef<HTMLHeadingElement>(null);
  const afterGate = useRef(false);
  useEffect(() => {
    if (!afterGate.current) return;
    afterGate.current = false;
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, [idea?.stage]);

  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError || !idea) {
    return (
      <>
        <h1>{t('ideas.title')}</h1>
        <Alert kind="error">{errorMessage(q.error)}</Alert>
        {/* Nobody signed in (the session may have ended): an internal idea reads as not found
            – say so, with the way in and back to this idea. */}
        {status === 'anonymous' && q.error instanceof ApiError && q.error.status === 404 && (
          <p>
            {t('idea.signInHint')}{' '}
            <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>{t('idea.signInLink')}</Link>
          </p>
        )}
        <ButtonLink to="/ideas">{t('idea.back')}</ButtonLink>
      </>
    );
  }

  const isAuthor = !!user && (idea.author?.id === user.id || idea.coAuthors.some((c) => c.id === user.id));
  // Only the main author may withdraw (the API refuses co-authors with 403): the author's
  // moves are offered to the main author alone.
  const isMainAuthor = !!user && idea.author?.id === user.id;
  const moves = movesFrom(idea.stage, { roles: user?.roles ?? [], isAuthor: isMainAuthor });
  const cdoMoves = moves.filter((m) => m.by === 'cdo');
  // Ideas collect supports while in the funnel; once they left it, a support can still be
  // withdrawn, but not given (again).
  const collectsSupports = idea.stage !== 'draft' && !isTerminal(idea.stage);
  const canSupport = !!user && hasRole('citizen', 'employee') && !isAuthor && (collectsSupports || !!idea.supported);
  const department = departments.data?.find((d) => d.id === idea.departmentId);
  const campaign = campaigns.data?.find((c) => c.id === idea.campaignId);
  const score = reviews.data?.aggregate;
  // A deleted author's idea stays, shown as by a deleted account.
  const author = personName(idea.author, t('common.deletedAccount'));
  const coAuthors = idea.coAuthors.map((c) => personName(c, t('common.deletedAccount'))).filter((n): n is string => !!n);

  return (
    <>
      <p>
        <Link to={backTo}>← {t('idea.back')}</Link>
      </p>
      <article className="stack">
        <header className="card">
          <div className="row" style={{ marginBottom: '0.5rem' }}>
            <StageBadge stage={idea.stage} />
            {idea.stageSince && <span className="meta">{t('idea.stageSince', { date: fmt.date(idea.stageSince) })}</span>}
            <span className="badge badge--plain">{t(`ideas.visibilityValue.${idea.visibility}`)}</span>
          </div>
          <h1 ref={heading} tabIndex={-1} lang={lang}>
            {idea.title}
          </h1>
          <StageOutcome ideaId={idea.id} stage={idea.stage} mergedInto={idea.mergedInto} />
          {/* Always mounted: an answer refused because another author answered first stays on screen after the idea reloads. */}
          <NeedsInformation ideaId={idea.id} waiting={!!idea.needsInformation} isAuthor={isAuthor} isCdo={isCdo} />
          <p style={{ fontSize: '1.1rem' }} lang={lang}>
            {idea.summary}
          </p>
          <p className="meta mb-0">
            {author && <>{isDeletedAccount(idea.author) ? t('ideas.byDeleted') : t('ideas.by', { name: author })} · </>}
            {coAuthors.length > 0 && (
              <>
                {t('idea.withCoAuthors', { names: coAuthors.join(', ') })} ·{' '}
              </>
            )}
            {idea.submittedAt ? t('idea.submittedAt', { date: fmt.date(idea.submittedAt) }) : t('idea.createdAt', { date: fmt.date(idea.createdAt) })}
          </p>
          {idea.origin && (
            // Imported from another municipality's reuse profile ("Einer für alle").
            <p className="meta mb-0">
              {t('idea.origin', { municipality: idea.origin.municipality })} {t('idea.originAt', { date: fmt.date(idea.origin.importedAt) })}
              {idea.origin.profileUrl && /^https?:\/\//i.test(idea.origin.profileUrl) && (
                <>
                  {' · '}
                  <a href={idea.origin.profileUrl}>{t('idea.originProfile')}</a>
                </>
              )}
            </p>
          )}
          {/* Support and Follow are toggle buttons: a label that stays as it is and aria-pressed
              for the state (a label that changed too was announced twice); the toast confirms the
              change once, and the count beside them is no live region (a third announcement). */}
          <div className="row mt-4">
            {canSupport && (
              <Button
                variant={idea.supported ? 'secondary' : 'primary'}
                aria-pressed={!!idea.supported}
                onClick={() =>
                  support.mutate(!idea.supported, {
                    onSuccess: (_d, on) => toast.success(on ? t('idea.supportDone') : t('idea.supportWithdrawn')),
                    onError: (err) => toast.error(errorMessage(err)),
                  })
                }
              >
                {idea.supported && <span aria-hidden="true">✓ </span>}
                {t('idea.support')}
              </Button>
            )}
            {user && (
              <Button
                aria-pressed={!!idea.following}
                onClick={() =>
                  follow.mutate(!idea.following, {
                    onSuccess: (_d, on) => toast.success(on ? t('idea.followDone') : t('idea.unfollowDone')),
                    onError: (err) => toast.error(errorMessage(err)),
                  })
                }
              >
                {idea.following && <span aria-hidden="true">✓ </span>}
                {t('idea.follow')}
              </Button>
            )}
            <span className="meta">
              {t('idea.supportCount', { count: idea.supportCount ?? 0 })}
            </span>
          </div>
        </header>

        <div className="split">
          <div className="stack">
            <section className="card" aria-labelledby="desc-h">
              <h2 id="desc-h">{t('idea.description')}</h2>
              {idea.description ? <Markdown>{idea.description}</Markdown> : <p className="meta">{t('common.none')}</p>}
              {idea.problem && (
                <>
                  <h3>{t('idea.problem')}</h3>
                  <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
                    {idea.problem}
                  </p>
                </>
              )}
              {idea.expectedBenefit && (
                <>
                  <h3>{t('idea.benefit')}</h3>
                  <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
                    {idea.expectedBenefit}
                  </p>
                </>
              )}
            </section>

            {(idea.attachmentCount ?? 0) > 0 || (attachments.data?.length ?? 0) > 0 ? (
              <section className="card" aria-labelledby="att-h">
                <h2 id="att-h">{t('idea.attachments')}</h2>
                <ul>
                  {(attachments.data ?? []).map((a) => (
                    <li key={a.id}>
                      <AttachmentLink a={a} /> <span className="meta">({formatBytes(a.size, fmt.lng)})</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}

            {(reviews.data?.access === 'all' || reviews.data?.access === 'peers') && score && (
              <section className="card" aria-labelledby="score-h">
                <h2 id="score-h">{t('idea.scoreTitle')}</h2>
                <ScoreTable
                  score={score}
                  labels={Object.fromEntries((reviews.data?.criteria ?? []).map((c) => [c.key, <CriterionName criterion={c} />]))}
                  askToDiscuss={isCdo && ['evaluation', 'decision'].includes(idea.stage)}
                />
              </section>
            )}

            {/* The single reviews under their aggregate: the CDO's with names, a reviewer's (after submitting) without; one's own first. */}
            {(reviews.data?.access === 'all' || reviews.data?.access === 'peers') &&
              [reviews.data.mine, ...reviews.data.reviews].some((r) => r?.status === 'submitted') && (
                <section className="card" aria-labelledby="reviews-h">
                  <h2 id="reviews-h">{t('reviews.list.title')}</h2>
                  <ReviewList
                    reviews={[...(reviews.data.mine ? [reviews.data.mine] : []), ...reviews.data.reviews]}
                    criteria={reviews.data.criteria}
                  />
                </section>
              )}

            <ReviewersPanel idea={idea} />

            {!isCdo && reviews.data?.access === 'aggregate' && score && score.reviewCount > 0 && (
              <section className="card" aria-labelledby="feedback-h">
                <h2 id="feedback-h">{t('idea.feedbackTitle')}</h2>
                <ReviewFeedback score={score} criteria={reviews.data.criteria} />
              </section>
            )}

            <Comments ideaId={idea.id} />
          </div>

          <aside className="stack" aria-label={t('common.details')}>
            {(moves.length > 0 || idea.permissions?.edit || (isAuthor && ['draft', 'submitted'].includes(idea.stage)) || ['pilot', 'rollout', 'implemented', 'stopped'].includes(idea.stage)) && (
              <section className="card" aria-labelledby="act-h">
                <h2 id="act-h" className="card__title">
                  {t('idea.actions')}
                </h2>
                <div className="stack stack--sm">
                  {(idea.permissions?.edit ?? (isAuthor && ['draft', 'submitted'].includes(idea.stage))) && (
                    <ButtonLink to={`/ideas/${idea.id}/edit`}>{t('common.edit')}</ButtonLink>
                  )}
                  {cdoMoves.length > 0 && (
                    <Button variant="primary" onClick={() => setGateOpen(true)}>
                      {t('idea.moveTo')}
                    </Button>
                  )}
                  {isMainAuthor && moves.some((m) => m.to === 'withdrawn') && (
                    <Button onClick={() => setWithdrawOpen(true)}>
                      {t('idea.withdraw')}
                    </Button>
                  )}
                  {['pilot', 'rollout', 'implemented', 'stopped'].includes(idea.stage) && (
                    <ButtonLink to={`/ideas/${idea.id}/pilot`}>{t('idea.pilot')}</ButtonLink>
                  )}
                </div>
              </section>
            )}
            <section className="card" aria-labelledby="facts-h">
              <h2 id="facts-h" className="card__title">
                {t('common.details')}
              </h2>
              <dl className="dl">
                {department && (
                  <>
                    <dt>{t('idea.department')}</dt>
                    <dd lang={lang}>{departmentLabel(department)}</dd>
                  </>
                )}
                {campaign && (
                  <>
                    <dt>{t('idea.campaign')}</dt>
                    <dd>
                      <Link to={`/campaigns/${campaign.id}`} lang={lang}>
                        {campaign.title}
                      </Link>
                    </dd>
                  </>
                )}
                {(idea.targetGroups?.length ?? 0) > 0 && (
                  <>
                    <dt>{t('idea.targetGroups')}</dt>
                    <dd>{idea.targetGroups!.map((g) => t(`ideas.targetGroup.${g}`)).join(', ')}</dd>
                  </>
                )}
                {(idea.tags?.length ?? 0) > 0 && (
                  <>
                    <dt>{t('idea.tags')}</dt>
                    <dd className="row">
                      {idea.tags!.map((tag) => (
                        <Link key={tag} className="tag" to={`/ideas?tag=${encodeURIComponent(tag)}`} lang={lang}>
                          {tag}
                        </Link>
                      ))}
                    </dd>
                  </>
                )}
              </dl>
            </section>
            <section className="card" aria-labelledby="hist-h">
              <h2 id="hist-h" className="card__title">
                {t('idea.history')}
              </h2>
              <History ideaId={idea.id} />
              {hasRole('cdo', 'admin') && (
                <p className="mt-4">
                  <Link to={`/admin/audit?target=${encodeURIComponent(idea.id)}`}>{t('audit.forIdea')}</Link>
                </p>
              )}
            </section>
          </aside>
        </div>
      </article>

      <GateDialog
        idea={idea}
        etag={q.data?.etag}
        open={gateOpen}
        onClose={() => setGateOpen(false)}
        onDone={(to) => {
          afterGate.current = true;
          setGateOpen(false);
          toast.success(t('gate.done', { title: idea.title, stage: t(`stage.${to}`) }));
        }}
      />
      <ConfirmDialog
        open={withdrawOpen}
        title={t('idea.withdraw')}
        message={
          <>
            <p>{t('idea.withdrawExplain')}</p>
            <div className="field">
              <label className="field__label" htmlFor="withdraw-reason">
                {t('gate.reason')} ({t('common.optional')})
              </label>
              <textarea id="withdraw-reason" className="textarea" value={withdrawReason} onChange={(e) => setWithdrawReason(e.target.value)} />
            </div>
          </>
        }
        confirmLabel={t('idea.withdraw')}
        busy={transition.isPending}
        onCancel={() => setWithdrawOpen(false)}
        onConfirm={() =>
          transition.mutate(
            withdrawReason.trim() ? { to: 'withdrawn', reason: withdrawReason.trim() } : { to: 'withdrawn' },
            {
              onSuccess: () => {
                setWithdrawOpen(false);
                toast.success(t('gate.done', { title: idea.title, stage: t('stage.withdrawn') }));
                navigate(`/ideas/${idea.id}`);
              },
              onError: (err) => toast.error(errorMessage(err)),
            },
          )
        }
      />
    </>
  );
}
