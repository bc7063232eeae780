import ReactMarkdown from 'react-markdown';

/**
 * Renders user Markdown safely: HTML in the text is shown as written, as text (react-markdown
 * turns it into text nodes unless told to skip it — skipping dropped a whole comment that
 * began with "<p>"), never rendered; link/image URLs pass react-markdown's protocol filter
 * (no javascript:). The server renders the same way (internal/markdown).
 */
export function Markdown({ children }: { children: string | null | undefined }) {
  if (!children) return null;
  return (
    <div className="markdown">
      <ReactMarkdown
        components={{
          a: ({ node: _node, ...props }) => <a {...props} rel="noopener noreferrer nofollow" />,
          h1: ({ node: _node, ...props }) => <h3 {...props} />,
          h2: ({ node: _node, ...props }) => <h3 {...props} />,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
