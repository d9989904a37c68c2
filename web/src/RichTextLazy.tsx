import { type ComponentProps, lazy, Suspense } from 'react';

// The editor (TipTap and ProseMirror) is most of the app's code: it loads when a form needs it.
const RichTextEditor = lazy(() => import('./RichText').then((m) => ({ default: m.RichText })));

/** The rich-text editor, loaded on first use; the placeholder has its height, so nothing jumps. */
export function RichText(props: ComponentProps<typeof RichTextEditor>) {
  return (
    <Suspense fallback={<div className="rich-text rich-text-loading" aria-busy="true" />}>
      <RichTextEditor {...props} />
    </Suspense>
  );
}
