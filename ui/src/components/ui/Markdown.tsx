import ReactMarkdown from 'react-markdown';
import { useContentLang } from '@/lib/content-language';

/**
 * Renders user Markdown safely: HTML in the text is shown as written, as text (react-markdown
 * turns it into text nodes unless told to skip it — skipping dropped a whole comment that
 * began with "<p>"), never rendered; link/image URLs pass react-markdown's protocol filter
 * (no javascript:; such a link stays as its text). The server renders the same way (internal/markdown).
 * People write in the municipality's language: the text carries its lang where the UI speaks
 * another (see content-language).
 */
export function Markdown({ children }: { children: string | null | undefined }) {
  const lang = useContentLang();
  if (!children) return null;
  return (
    <div className="markdown" lang={lang}>
      <ReactMarkdown
        components={{
          // A link whose URL the filter removed (javascript: …) is shown as its text, not as a
          // link to the current page.
          a: ({ node: _node, href, ...props }) =>
            href ? <a {...props} href={href} rel="noopener noreferrer nofollow" /> : <span>{props.children}</span>,
          h1: ({ node: _node, ...props }) => <h3 {...props} />,
          h2: ({ node: _node, ...props }) => <h3 {...props} />,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
