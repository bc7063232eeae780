import ReactMarkdown from 'react-markdown';

/**
 * Renders user Markdown safely: raw HTML is not rendered (react-markdown ignores it by
 * default) and link/image URLs pass react-markdown's protocol filter (no javascript:).
 */
export function Markdown({ children }: { children: string | null | undefined }) {
  if (!children) return null;
  return (
    <div className="markdown">
      <ReactMarkdown
        skipHtml
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
