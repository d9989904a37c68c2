import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState } from 'react';

/**
 * The advert editor: headings, lists, bold, italic, underline, quotes and links, which is what the
 * server's sanitiser keeps (src/domain/html.ts). Code, strike-through and rules are left out, as the
 * sanitiser would drop them. TipTap's style injection is off (the CSP allows no inline styles).
 */
export function RichText({
  id,
  value,
  onChange,
  describedBy,
  invalid,
  label,
}: {
  id: string;
  value: string;
  onChange: (html: string) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  label: string;
}) {
  // The last value the editor sent up: a value coming back unchanged is not written in again.
  const own = useRef(value);
  const editor = useEditor({
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        strike: false,
        horizontalRule: false,
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ['mailto', 'tel'],
          HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
        },
      }),
    ],
    content: value,
    editorProps: {
      attributes: {
        id,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: 'rich-text-area',
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
      },
    },
    onUpdate: ({ editor: e }) => {
      own.current = e.isEmpty ? '' : e.getHTML();
      onChange(own.current);
    },
  });

  // Takes a new value from outside (e.g. the saved, sanitised text), never one it sent itself.
  useEffect(() => {
    if (!editor || editor.isDestroyed || value === own.current) return;
    own.current = value;
    editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setOptions({
      editorProps: {
        attributes: {
          id,
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': label,
          class: 'rich-text-area',
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          ...(invalid ? { 'aria-invalid': 'true' } : {}),
        },
      },
    });
  }, [editor, id, label, describedBy, invalid]);

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            h2: e.isActive('heading', { level: 2 }),
            h3: e.isActive('heading', { level: 3 }),
            bullet: e.isActive('bulletList'),
            ordered: e.isActive('orderedList'),
            link: e.isActive('link'),
          }
        : null,
  });
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState('');
  const linkId = useId();

  if (!editor) return <div className="rich-text rich-text-loading" />;
  const chain = () => editor.chain().focus();
  // The visible word is the button's name (WCAG 2.5.3): no icon-only buttons to guess at.
  const tool = (label: string, pressed: boolean | undefined, run: () => void) => (
    <button
      type="button"
      className="tool"
      aria-pressed={pressed ?? false}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );

  const applyLink = () => {
    const url = href.trim();
    if (!url) chain().extendMarkRange('link').unsetLink().run();
    else {
      const safe = /^(https?:|mailto:|tel:)/i.test(url) ? url : `https://${url}`;
      chain().extendMarkRange('link').setLink({ href: safe }).run();
    }
    setLinking(false);
    setHref('');
  };

  return (
    <div className={`rich-text${invalid ? ' rich-text-invalid' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={`Formatting for ${label}`}>
        {tool('Heading', active?.h2, () => chain().toggleHeading({ level: 2 }).run())}
        {tool('Subheading', active?.h3, () => chain().toggleHeading({ level: 3 }).run())}
        {tool('Bold', active?.bold, () => chain().toggleBold().run())}
        {tool('Italic', active?.italic, () => chain().toggleItalic().run())}
        {tool('Bullets', active?.bullet, () => chain().toggleBulletList().run())}
        {tool('Numbers', active?.ordered, () => chain().toggleOrderedList().run())}
        {tool('Link', active?.link, () => {
          setHref(String(editor.getAttributes('link').href ?? ''));
          setLinking((v) => !v);
        })}
      </div>
      {linking ? (
        <div className="link-bar">
          <label htmlFor={linkId}>Link address</label>
          <input
            id={linkId}
            type="url"
            value={href}
            placeholder="https://…"
            onChange={(e) => setHref(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyLink();
              }
              if (e.key === 'Escape') setLinking(false);
            }}
          />
          <button type="button" className="button small" onClick={applyLink}>
            {href.trim() ? 'Set link' : 'Remove link'}
          </button>
        </div>
      ) : null}
      <EditorContent editor={editor} />
    </div>
  );
}
