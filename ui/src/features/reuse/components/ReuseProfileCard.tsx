import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, useErrorMessage, useToast } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { useFormat } from '@/lib/format';
import { TextWithContent, useContentLang } from '@/lib/content-language';
import type { ReuseKpi, ReuseProfile } from '@/types/api';
import { useImportReuseProfile } from '../api';
import { valueWithUnit } from '../units';

/**
 * Where the profile's JSON document can be had: where it is served (sourceUrl), the own
 * municipality's API, or — for another municipality of the deployment, whose host this page
 * does not know — the document as the catalogue returned it, as a file.
 */
function documentLink(p: ReuseProfile, own: boolean): { href: string; download?: string } {
  if (p.sourceUrl && /^https?:\/\//i.test(p.sourceUrl)) return { href: p.sourceUrl };
  if (own) return { href: `/api/v1/ideas/${encodeURIComponent(p.ideaId)}/reuse-profile` };
  const name = p.title.toLowerCase().replace(/[^a-z0-9äöüß]+/g, '-').replace(/^-|-$/g, '') || 'profil';
  return { href: `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(p, null, 2))}`, download: `${name}.json` };
}

/** One profile of the catalogue: what the other municipality did, what came of it, whom to ask. */
export function ReuseProfileCard({
  profile: p,
  own,
  canImport,
  importedIdeaId,
}: {
  profile: ReuseProfile;
  own: boolean;
  canImport: boolean;
  /** The idea the caller's municipality made of this profile (the CDO's office sees it). */
  importedIdeaId?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // What the municipality wrote (title, texts, tags, KPIs, departments) is in its language.
  const lang = useContentLang();
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const importProfile = useImportReuseProfile();
  const id = useId();
  const r = p.results;
  const doc = documentLink(p, own);
  // "1 Tag", not "1 Tage": a count of days takes the language's plural.
  const value = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '–' : valueWithUnit(t, fmt, v, unit, 2));

  const onImport = () =>
    importProfile.mutate(
      { profileId: p.id },
      {
        onSuccess: (idea) => {
          toast.success(t('reuse.imported', { title: idea.title }));
          navigate(`/ideas/${idea.id}`);
        },
      },
    );

  return (
    <article className="card stack stack--sm reuse-card" aria-labelledby={`${id}-h`}>
      <header>
        <p className="meta mb-0">
          {p.municipality.name} · {t('reuse.published', { date: fmt.date(p.publishedAt) })}
        </p>
        <h2 id={`${id}-h`} className="reuse-card__title" lang={lang}>
          {p.title}
        </h2>
        {own && <span className="badge badge--plain">{t('reuse.ownProfile')}</span>}
      </header>
      {p.summary && (
        <p className="mb-0" lang={lang}>
          {p.summary}
        </p>
      )}
      {(p.tags?.length ?? 0) > 0 && (
        <ul className="reuse-card__tags" aria-label={t('reuse.tags')}>
          {p.tags!.map((tag) => (
            <li key={tag} className="tag" lang={lang}>
              {tag}
            </li>
          ))}
        </ul>
      )}

      <details className="reuse-card__details">
        <summary aria-label={t('reuse.problemSolutionOf', { title: p.title })}>{t('reuse.problemSolution')}</summary>
        {p.problem && (
          <>
            <h3>{t('reuse.problem')}</h3>
            <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
              {p.problem}
            </p>
          </>
        )}
        <h3>{t('reuse.solution')}</h3>
        <Markdown>{p.solution}</Markdown>
        {p.expectedBenefit && (
          <>
            <h3>{t('reuse.benefit')}</h3>
            <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
              {p.expectedBenefit}
            </p>
          </>
        )}
      </details>

      <section aria-labelledby={`${id}-res`}>
        <h3 id={`${id}-res`}>{t('reuse.results')}</h3>
        <dl className="dl">
          {(r.pilotStart || r.pilotEnd) && (
            <>
              <dt>{t('reuse.period')}</dt>
              <dd>{t('reuse.periodValue', { from: fmt.date(r.pilotStart) || '–', to: fmt.date(r.pilotEnd) || '–' })}</dd>
            </>
          )}
          {r.budgetEur !== null && r.budgetEur !== undefined && r.budgetEur > 0 && (
            <>
              <dt>{t('reuse.budget')}</dt>
              <dd>{fmt.currency(r.budgetEur)}</dd>
            </>
          )}
        </dl>
        {r.kpis.length > 0 ? (
          <div className="table-wrap mt-4" tabIndex={0} role="region" aria-labelledby={`${id}-kpis`}>
            <table className="table">
              <caption className="visually-hidden" id={`${id}-kpis`}>
                <TextWithContent text={(v) => t('reuse.kpis', { title: v.title })} content={{ title: p.title }} />
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('reuse.kpi')}</th>
                  <th scope="col" className="num">
                    {t('reuse.baseline')}
                  </th>
                  <th scope="col" className="num">
                    {t('reuse.result')}
                  </th>
                  <th scope="col" className="num">
                    {t('reuse.target')}
                  </th>
                  <th scope="col">{t('reuse.met')}</th>
                </tr>
              </thead>
              <tbody>
                {r.kpis.map((k: ReuseKpi, n) => (
                  <tr key={`${k.name}-${n}`}>
                    <th scope="row" lang={lang}>
                      {k.name}
                    </th>
                    <td className="num">{value(k.baseline, k.unit)}</td>
                    <td className="num">{value(k.result, k.unit)}</td>
                    <td className="num">
                      {t(k.direction === 'decrease' ? 'reuse.targetDecrease' : 'reuse.targetIncrease', { value: value(k.target, k.unit) })}
                    </td>
                    <td>
                      {k.met === true ? (
                        <span className="reuse-met reuse-met--yes">✓ {t('reuse.metYes')}</span>
                      ) : k.met === false ? (
                        <span className="reuse-met reuse-met--no">✗ {t('reuse.metNo')}</span>
                      ) : (
                        t('reuse.metOpen')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="meta">{t('reuse.noKpis')}</p>
        )}
        {r.lessonsLearned && (
          <>
            <h4 className="mt-4">{t('reuse.lessons')}</h4>
            <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
              {r.lessonsLearned}
            </p>
          </>
        )}
      </section>

      <dl className="dl">
        {(p.departments?.length ?? 0) > 0 && (
          <>
            <dt>{t('reuse.departments')}</dt>
            <dd>
              <ul className="reuse-card__list">
                {p.departments!.map((d) => (
                  <li key={d} lang={lang}>
                    {d}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {(p.targetGroups?.length ?? 0) > 0 && (
          <>
            <dt>{t('reuse.targetGroups')}</dt>
            <dd>{p.targetGroups!.map((g) => t(`ideas.targetGroup.${g}`)).join(', ')}</dd>
          </>
        )}
        <dt>{t('reuse.contact')}</dt>
        <dd>
          {p.contact.organisation}
          {p.contact.name && (
            <>
              <br />
              {p.contact.name}
            </>
          )}
          {p.contact.email && (
            <>
              <br />
              <a href={`mailto:${p.contact.email}`}>{p.contact.email}</a>
            </>
          )}
        </dd>
      </dl>

      <div className="row mt-4">
        {canImport && !own && importedIdeaId && (
          <Link className="btn" to={`/ideas/${importedIdeaId}`} aria-label={t('reuse.importedLabel', { title: p.title })}>
            {t('reuse.importedGo')}
          </Link>
        )}
        {canImport && !own && !importedIdeaId && (
          <Button variant="primary" aria-label={t('reuse.importLabel', { title: p.title })} loading={importProfile.isPending} onClick={onImport}>
            {t('reuse.import')}
          </Button>
        )}
        <a className="btn" href={doc.href} download={doc.download} aria-label={t('reuse.documentLabel', { title: p.title })}>
          {t('reuse.document')}
        </a>
      </div>
      {importProfile.isError && (
        <Alert kind="error" live>
          {errorMessage(importProfile.error)}
        </Alert>
      )}
    </article>
  );
}
