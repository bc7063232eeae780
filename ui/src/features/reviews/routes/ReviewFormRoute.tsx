import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, PageHeader, Skeleton, StageBadge, TextArea, useErrorMessage, useToast } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { ScoreTable } from '@/components/funnel/ScoreTable';
import { ReviewList } from '@/components/funnel/ReviewList';
import { ApiError } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { CriterionDescription, CriterionName, criterionLabel } from '@/lib/criteria';
import { useContentLang } from '@/lib/content-language';
import type { Criterion } from '@/types/api';
import { useDeclineReview, useIdeaForReview, useReviewsOfIdea, useSaveReview } from '../api';
import { weightedScore } from '../score';

const SCALE = [1, 2, 3, 4, 5] as const;
type Rec = 'go' | 'no_go' | 'needs_information';
type Conf = 'low' | 'medium' | 'high';

/**
 * The review form: conflict-of-interest declaration first, then per-criterion scores with the
 * criterion's explanation, recommendation and confidence. Others' reviews stay hidden until
 * this one is submitted (blind review).
 */
export function ReviewFormRoute() {
  const { ideaId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const idea = useIdeaForReview(ideaId);
  const reviews = useReviewsOfIdea(ideaId);
  const save = useSaveReview(ideaId);
  const decline = useDeclineReview(ideaId);
  // The idea's words are in the municipality's language.
  const lang = useContentLang();

  const criteria: Criterion[] = useMemo(() => reviews.data?.criteria ?? [], [reviews.data]);
  const mine = reviews.data?.mine;
  const submitted = mine?.status === 'submitted';
  const locked = !!idea.data && idea.data.stage !== 'evaluation';

  const [coi, setCoi] = useState<'none' | 'decline' | ''>('');
  const [declineReason, setDeclineReason] = useState('');
  const [declineError, setDeclineError] = useState<string>();
  const [scores, setScores] = useState<Record<string, number | undefined>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [recommendation, setRecommendation] = useState<Rec | ''>('');
  const [confidence, setConfidence] = useState<Conf | ''>('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loaded, setLoaded] = useState(false);
  // The version of the review the form was filled from (or last saved as): saves go over it only.
  const [base, setBase] = useState<number>();

  useEffect(() => {
    if (loaded || !reviews.isSuccess) return;
    setBase(mine?.version);
    if (mine) {
      setCoi(mine.noConflictOfInterest ? 'none' : '');
      setScores(Object.fromEntries(mine.scores.map((s) => [s.key, s.score])));
      setComments(Object.fromEntries(mine.scores.map((s) => [s.key, s.comment ?? ''])));
      setRecommendation((mine.recommendation as Rec) || '');
      setConfidence((mine.confidence as Conf) || '');
      setComment(mine.comment ?? '');
    }
    setLoaded(true);
  }, [reviews.isSuccess, mine, loaded]);

  const preview = weightedScore(criteria, scores);

  const send = (submit: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    const next: Record<string, string> = {};
    if (submit) {
      for (const c of criteria) if (!scores[c.key]) next[`score-${c.key}`] = t('reviews.missingScores');
      if (!recommendation) next.recommendation = t('reviews.missingRecommendation');
      if (!confidence) next.confidence = t('reviews.missingConfidence');
    }
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      document.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    save.mutate(
      {
        body: {
          noConflictOfInterest: true,
          scores: criteria.filter((c) => scores[c.key]).map((c) => ({ key: c.key, score: scores[c.key]!, comment: comments[c.key]?.trim() || undefined })),
          recommendation: recommendation || undefined,
          confidence: confidence || undefined,
          comment: comment.trim() || undefined,
          draft: !submit,
        },
        version: base,
      },
      {
        onSuccess: (r) => {
          setBase(r.version);
          toast.success(!submit ? t('reviews.saved') : submitted ? t('reviews.updated') : t('reviews.submitted'));
          if (submit) void reviews.refetch();
        },
        onError: (err) => {
          // Saved elsewhere meanwhile (another tab): what is typed here stays; the next save
          // replaces the stored version, unless the reviewer loads that one first.
          if (err instanceof ApiError && err.isStale) void reviews.refetch().then((q) => setBase(q.data?.mine?.version));
        },
      },
    );
  };

  /** Fills the form with the review as stored now, dropping what was typed. */
  const loadStored = () => {
    save.reset();
    setErrors({});
    setLoaded(false);
    // The button goes with the warning: the focus moves to the form it filled anew.
    document.getElementById('review-criteria-h')?.focus();
  };
  const stale = save.error instanceof ApiError && save.error.isStale;

  if (idea.isPending || reviews.isPending) return <Skeleton lines={8} />;
  if (idea.isError) return <Alert kind="error">{errorMessage(idea.error)}</Alert>;
  // Not assigned (or no longer): the API refuses the reviews, and there is nothing to fill in.
  if (reviews.isError) {
    const forbidden = reviews.error instanceof ApiError && reviews.error.code === 'forbidden';
    return <Alert kind={forbidden ? 'warning' : 'error'}>{forbidden ? t('reviews.notAssigned') : errorMessage(reviews.error)}</Alert>;
  }
  const i = idea.data;
  const others = (reviews.data?.reviews ?? []).filter((r) => r.status === 'submitted' && !r.mine);

  return (
    <>
      <PageHeader title={t('reviews.formTitle', { title: i.title })} />
      <div className="split">
        <div className="stack">
          {locked && <Alert kind="warning">{t('reviews.locked')}</Alert>}
          {submitted && (
            <Alert kind="success">
              <p>{t('reviews.submitted')}</p>
            </Alert>
          )}
          {!submitted && !locked && (
            <fieldset className="card">
              <legend>{t('reviews.coiTitle')}</legend>
              <p>{t('reviews.coiText')}</p>
              <div className="choice">
                <input type="radio" id="coi-none" name="coi" checked={coi === 'none'} onChange={() => setCoi('none')} />
                <label htmlFor="coi-none">{t('reviews.coiNone')}</label>
              </div>
              <div className="choice">
                <input type="radio" id="coi-decline" name="coi" checked={coi === 'decline'} onChange={() => setCoi('decline')} />
                <label htmlFor="coi-decline">{t('reviews.coiDecline')}</label>
              </div>
              {coi === 'decline' && (
                <form
                  className="mt-4"
                  // The app's own field error (with focus on the field), not the browser's bubble.
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    // The API takes 3–2,000 characters: say so here rather than keep the button disabled.
                    const n = declineReason.trim().length;
                    if (n < 3 || n > 2000) {
                      setDeclineError(n < 3 ? t('errors.field.minChars', { count: 3 }) : t('errors.field.maxChars', { count: 2000 }));
                      document.getElementById('decline-reason')?.focus();
                      return;
                    }
                    setDeclineError(undefined);
                    decline.mutate(declineReason.trim(), {
                      onSuccess: () => {
                        toast.success(t('reviews.declined'));
                        navigate('/reviews');
                      },
                      onError: (err) => toast.error(errorMessage(err)),
                    });
                  }}
                >
                  <Field label={t('reviews.declineReason')} required id="decline-reason" error={declineError} hint={t('errors.field.rangeChars', { min: 3, max: 2000 })}>
                    <TextArea rows={3} value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} />
                  </Field>
                  <Button type="submit" variant="danger" loading={decline.isPending}>
                    {t('reviews.coiDecline')}
                  </Button>
                </form>
              )}
            </fieldset>
          )}

          {(coi === 'none' || submitted || locked) && (
            <form className="card" noValidate onSubmit={send(true)}>
              {stale ? (
                <Alert kind="warning" live>
                  <p>{t('reviews.stale')}</p>
                  <Button onClick={loadStored}>{t('reviews.loadStored')}</Button>
                </Alert>
              ) : (
                <ErrorSummary error={save.error} />
              )}
              <h2 id="review-criteria-h" tabIndex={-1}>
                {t('reviews.criteria')}
              </h2>
              {criteria.map((c) => {
                const errId = `score-${c.key}-error`;
                // A default criterion in the UI's language (see criterionLabel).
                const label = criterionLabel(t, c.key, c.label);
                return (
                  <fieldset key={c.key} aria-describedby={`crit-${c.key}-desc${errors[`score-${c.key}`] ? ' ' + errId : ''}`}>
                    <legend>
                      <CriterionName criterion={c} /> <span className="meta">({t('reviews.weight', { weight: c.weight })})</span>
                    </legend>
                    {c.description && (
                      <p id={`crit-${c.key}-desc`} className="field__hint">
                        <CriterionDescription criterion={c} />
                      </p>
                    )}
                    {errors[`score-${c.key}`] && (
                      <p id={errId} className="field__error">
                        {errors[`score-${c.key}`]}
                      </p>
                    )}
                    <div className="score-scale" role="radiogroup" aria-label={t('reviews.scoreLabel', { label })}>
                      {SCALE.map((n) => (
                        <label key={n} title={t(`reviews.scale.${n}`)}>
                          <input
                            type="radio"
                            name={`score-${c.key}`}
                            value={n}
                            disabled={locked}
                            checked={scores[c.key] === n}
                            onChange={() => setScores((s) => ({ ...s, [c.key]: n }))}
                          />
                          <span aria-hidden="true">{n}</span>
                          <span className="visually-hidden">
                            {n} – {t(`reviews.scale.${n}`)}
                          </span>
                        </label>
                      ))}
                    </div>
                    <Field label={t('reviews.comment', { label })} id={`comment-${c.key}`}>
                      <TextArea rows={2} style={{ minHeight: '4rem' }} readOnly={locked} value={comments[c.key] ?? ''} onChange={(e) => setComments((m) => ({ ...m, [c.key]: e.target.value }))} />
                    </Field>
                  </fieldset>
                );
              })}
              <fieldset>
                <legend>{t('reviews.recommendation')}</legend>
                {errors.recommendation && <p className="field__error">{errors.recommendation}</p>}
                {(['go', 'no_go', 'needs_information'] as Rec[]).map((r) => (
                  <div className="choice" key={r}>
                    <input type="radio" id={`rec-${r}`} name="recommendation" disabled={locked} checked={recommendation === r} onChange={() => setRecommendation(r)} />
                    <label htmlFor={`rec-${r}`}>{t(`reviews.recommend.${r}`)}</label>
                  </div>
                ))}
              </fieldset>
              <fieldset>
                <legend>{t('reviews.confidence')}</legend>
                {errors.confidence && <p className="field__error">{errors.confidence}</p>}
                <div className="choices--inline">
                  {(['low', 'medium', 'high'] as Conf[]).map((c) => (
                    <div className="choice" key={c}>
                      <input type="radio" id={`conf-${c}`} name="confidence" disabled={locked} checked={confidence === c} onChange={() => setConfidence(c)} />
                      <label htmlFor={`conf-${c}`}>{t(`reviews.confidenceValue.${c}`)}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <Field label={t('reviews.summaryComment')} id="review-comment">
                <TextArea rows={4} readOnly={locked} value={comment} onChange={(e) => setComment(e.target.value)} />
              </Field>
              <p role="status" className="meta">
                {preview !== null ? t('reviews.preview', { score: fmt.number(preview, 0) }) : ''}
              </p>
              {!locked && (
                <div className="row">
                  {/* A submitted review stays submitted: it can be changed, not taken back to a draft. */}
                  {!submitted && (
                    <Button onClick={() => send(false)()} loading={save.isPending && !!save.variables?.body.draft}>
                      {t('reviews.saveDraft')}
                    </Button>
                  )}
                  <Button type="submit" variant="primary" loading={save.isPending && !save.variables?.body.draft}>
                    {submitted ? t('reviews.update') : t('reviews.submit')}
                  </Button>
                </div>
              )}
            </form>
          )}

          <section className="card" aria-labelledby="others-h">
            <h2 id="others-h">{t('reviews.others')}</h2>
            {!submitted ? (
              <p className="meta">{t('reviews.blind')}</p>
            ) : (
              <>
                {/* The aggregate names the number of reviews; the list below does not repeat it. */}
                {reviews.data?.aggregate && <ScoreTable score={reviews.data.aggregate} labels={Object.fromEntries(criteria.map((c) => [c.key, <CriterionName criterion={c} />]))} />}
                {others.length > 0 ? <ReviewList reviews={others} criteria={criteria} /> : <p className="meta">{t('reviews.noOthers')}</p>}
              </>
            )}
          </section>
        </div>
        <aside className="card" aria-labelledby="idea-h">
          <h2 id="idea-h" className="card__title">
            {t('reviews.ideaSummary')}
          </h2>
          <StageBadge stage={i.stage} />
          <p className="mt-4" lang={lang}>
            <strong>{i.summary}</strong>
          </p>
          <Markdown>{i.description}</Markdown>
          <p>
            <Link to={`/ideas/${i.id}`} lang={lang}>
              {i.title}
            </Link>
          </p>
        </aside>
      </div>
    </>
  );
}
