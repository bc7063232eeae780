import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '@/lib/i18n';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('marks people’s text as German where the UI is English (WCAG 3.1.2), not where it is German', () => {
    const shown = (lng: 'de' | 'en') =>
      render(
        <I18nextProvider i18n={createI18n(lng)}>
          <Markdown>{'Eine **Idee**'}</Markdown>
        </I18nextProvider>,
      ).container.querySelector('.markdown')!;
    expect(shown('en')).toHaveAttribute('lang', 'de');
    expect(shown('de')).not.toHaveAttribute('lang');
  });

  it('shows HTML in the text as written instead of dropping it, and renders none of it', () => {
    for (const [src, text] of [
      ['<p>Ich finde die Idee gut</p>', '<p>Ich finde die Idee gut</p>'],
      ['<div>Gute Idee</div>\nZweite Zeile', '<div>Gute Idee</div>\nZweite Zeile'],
      ['<!-- Kommentar --> Hallo', '<!-- Kommentar --> Hallo'],
      ['<img src=x onerror=alert(2)> Bild', '<img src=x onerror=alert(2)> Bild'],
      ['Vorher <b>fett?</b> und **fett**', 'Vorher <b>fett?</b> und fett'],
    ]) {
      const { container, unmount } = render(<Markdown>{src}</Markdown>);
      expect(container.textContent).toBe(text);
      expect(container.querySelector('.markdown img, .markdown script, .markdown b, .markdown div')).toBeNull();
      unmount();
    }
  });

  it('renders Markdown and keeps links safe', () => {
    const { container } = render(<Markdown>{'**fett** [Stadt](https://www.stadt-muenster.de) [x](javascript:alert(1))'}</Markdown>);
    expect(container.querySelector('strong')?.textContent).toBe('fett');
    const links = container.querySelectorAll('a');
    expect(links[0]).toHaveAttribute('href', 'https://www.stadt-muenster.de');
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    // the unsafe link is its text, not a dead link to the current page
    expect(links).toHaveLength(1);
    expect(container.textContent).toContain('x');
    expect(container.innerHTML).not.toContain('javascript');
  });
});
