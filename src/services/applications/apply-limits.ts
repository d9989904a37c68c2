import { isIPv6 } from 'node:net';
import { lt, sql } from 'drizzle-orm';
import type { ApplyLimits } from '../../config.js';
import { applyRateLimits } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';

export const DEFAULT_APPLY_LIMITS: ApplyLimits = {
  perAddress: 10,
  perVacancy: 200,
  windowMinutes: 60,
  uploadQuotaBytes: 5120 * 1024 * 1024,
};

/**
 * The network an address belongs to: an IPv4 address itself, an IPv6 address's /64 (one
 * household or server gets a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Which limit refused the application, and when the window that holds it ends. */
export interface ApplyRefusal {
  limit: 'address' | 'vacancy';
  retryAfterSeconds: number;
}

let lastSweep = 0;

/**
 * Takes one application from a bucket's window in one atomic statement: a full bucket in a
 * window that has not ended is left alone and no row comes back. Windows are fixed (they start
 * with the first application after the last one ended), which is simple and holds in the database.
 */
async function take(
  deps: Pick<ServiceDeps, 'db'>,
  bucket: string,
  limit: number,
  windowMs: number,
  now: Date,
): Promise<number | null> {
  const ended = sql`${applyRateLimits.windowStartedAt} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [taken] = await deps.db
    .insert(applyRateLimits)
    .values({ bucket, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: applyRateLimits.bucket,
      set: {
        count: sql`case when ${ended} then 1 else ${applyRateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${ended} then ${now.toISOString()}::timestamptz else ${applyRateLimits.windowStartedAt} end`,
      },
      setWhere: sql`${ended} or ${applyRateLimits.count} < ${limit}`,
    })
    .returning({ count: applyRateLimits.count });
  if (taken) return null;
  const [row] = await deps.db
    .select({ windowStartedAt: applyRateLimits.windowStartedAt })
    .from(applyRateLimits)
    .where(sql`${applyRateLimits.bucket} = ${bucket}`);
  const endsAt = (row?.windowStartedAt.getTime() ?? now.getTime()) + windowMs;
  return Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
}

/**
 * Counts an application against its network address and its vacancy, or says which limit is
 * reached. Only applications that passed every check count, so a candidate correcting a
 * mistake uses up nothing.
 */
export async function takeApplySlot(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  limits: ApplyLimits,
  from: { address: string; vacancyId: string },
): Promise<ApplyRefusal | null> {
  const now = deps.clock.now();
  const windowMs = limits.windowMinutes * 60_000;
  // Ended windows are of no use; clear them now and then, from whichever process is taking.
  if (now.getTime() - lastSweep > windowMs) {
    lastSweep = now.getTime();
    await deps.db
      .delete(applyRateLimits)
      .where(lt(applyRateLimits.windowStartedAt, new Date(now.getTime() - windowMs)));
  }
  const byAddress = await take(deps, `address:${networkOf(from.address)}`, limits.perAddress, windowMs, now);
  if (byAddress !== null) return { limit: 'address', retryAfterSeconds: byAddress };
  const byVacancy = await take(deps, `vacancy:${from.vacancyId}`, limits.perVacancy, windowMs, now);
  if (byVacancy !== null) return { limit: 'vacancy', retryAfterSeconds: byVacancy };
  return null;
}
