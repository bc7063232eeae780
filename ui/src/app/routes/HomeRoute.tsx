import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ButtonLink, usePageTitle } from '@/components/ui';
import { useAuth } from '@/lib/auth';
import { useTenant } from '@/lib/tenant';
import { navItems } from '../layout/nav';

export function HomeRoute() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const tenant = useTenant();
  const tenantName = tenant.data?.name ?? '';
  usePageTitle(t('nav.home'));
  return (
    <>
      <section className="hero">
        <h1>{user ? t('home.welcome', { name: user.displayName }) : t('home.title', { tenant: tenantName || t('app.name') })}</h1>
        <p>{t('home.intro')}</p>
        <div className="row">
          <ButtonLink to="/ideas/new" variant="primary">
            {t('home.cta')}
          </ButtonLink>
          <ButtonLink to={user ? '/ideas' : '/public/ideas'}>{user ? t('nav.ideas') : t('home.browse')}</ButtonLink>
        </div>
      </section>
      {user && (
        <section aria-labelledby="shortcuts" className="mt-5">
          <h2 id="shortcuts">{t('home.shortcuts')}</h2>
          <ul className="grid grid--3" style={{ listStyle: 'none', padding: 0 }}>
            {navItems(user).map((item) => (
              <li key={item.to}>
                <Link className="card" style={{ display: 'block', fontWeight: 600 }} to={item.to}>
                  {t(`nav.${item.label}`)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="how" className="mt-5">
        <h2 id="how">{t('home.howTitle')}</h2>
        <ol className="grid grid--3" style={{ listStyle: 'none', padding: 0 }}>
          {(['1', '2', '3'] as const).map((n) => (
            <li key={n} className="card">
              <h3 className="card__title">
                {n}. {t(`home.how${n}Title`)}
              </h3>
              <p>{t(`home.how${n}`)}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
