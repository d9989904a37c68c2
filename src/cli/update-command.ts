import type { PostingsGateway } from './postings-gateway.js';

const SETTLED = ['posted', 'failed', 'uncertain', 'closed', 'expired'];

/**
 * `postroom update <vacancy-ref>`: sends every out-of-date posting of the vacancy its current
 * values, says what it did with each, and (with `wait`) follows the updates until they settle.
 * Exit status 1 when a posting was skipped or its update did not end posted.
 */
export async function runUpdate(
  gateway: PostingsGateway,
  reference: string,
  opts: { wait: boolean; timeout: number },
): Promise<number> {
  const { items } = await gateway.updateAll(reference);
  if (items.length === 0) {
    console.log(`Every posting of ${reference} is in step with the vacancy; nothing to update.`);
    return 0;
  }
  for (const item of items) {
    const what =
      item.outcome === 'updated' ? item.changes.map((c) => c.label).join(', ') : (item.reason ?? '');
    console.log(`${item.outcome}\t${item.boardLabel}\t${what}`);
  }
  let code = items.some((i) => i.outcome === 'skipped') ? 1 : 0;
  if (!opts.wait) return code;
  const deadline = Date.now() + opts.timeout * 1000;
  for (const item of items.filter((i) => i.outcome === 'updated')) {
    for (;;) {
      const now = await gateway.get(item.postingId);
      if (SETTLED.includes(now.status)) {
        console.error(`  ${item.boardLabel}: ${now.statusText}`);
        if (now.status !== 'posted') code = 1;
        break;
      }
      if (Date.now() > deadline) {
        console.error(`  ${item.boardLabel}: still ${now.status}; it goes on in the background.`);
        code = 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return code;
}
