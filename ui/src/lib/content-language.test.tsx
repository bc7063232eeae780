import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createI18n, type Language } from './i18n';
import { TextWithContent } from './content-language';

function Title({ title }: { title: string }) {
  const { t } = useTranslation();
  return <TextWithContent text={(v) => t('gate.title', { title: v.title })} content={{ title }} />;
}

const show = (lng: Language, title: string) =>
  render(
    <I18nextProvider i18n={createI18n(lng)}>
      <p>
        <Title title={title} />
      </p>
    </I18nextProvider>,
  ).container.querySelector('p')!;

describe('TextWithContent', () => {
  it('marks the interpolated words as German in an English text, and only them', () => {
    const p = show('en', 'Solarbänke');
    expect(p).toHaveTextContent('Move “Solarbänke”');
    expect(p.innerHTML).toBe('Move “<span lang="de">Solarbänke</span>”');
  });

  it('leaves the text as it is in the German UI', () => {
    const p = show('de', 'Solarbänke');
    expect(p.innerHTML).toBe('„Solarbänke“ verschieben');
  });
});
