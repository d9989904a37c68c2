#!/usr/bin/env node
// Sums a V8 .cpuprofile (node --cpu-prof) by self time: the top functions and the top packages.
// Usage: node scripts/profile-top.mjs FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node scripts/profile-top.mjs FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const ticks = new Map();
// timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
profile.samples.forEach((id, i) => {
  ticks.set(id, (ticks.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const where = (url) => {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node';
  const d = /\/(dist|src)\/(.*)$/.exec(url);
  return d ? d[2] : url;
};
const byFunction = new Map();
const byPlace = new Map();
let total = 0;
for (const [id, us] of ticks) {
  const { callFrame: f } = byId.get(id);
  const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const place = where(f.url).replace(/\/[^/]*$/, (m) => (f.url.includes('node_modules') ? '' : m));
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  total += us;
}
const show = (title, map) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
    console.log(
      `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
};
show('Self time by function', byFunction);
show('Self time by package or file', byPlace);
