import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { applications, uploadUsage } from '../../db/schema.js';
import type { CvType } from '../../domain/application.js';
import { isUniqueViolation } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { type Application, toApplication } from './application-record.js';
import { resolveApplicationSource } from './application-source.js';

/** A checked application from the apply form (http/careers validates it). */
export interface ApplicationInput {
  name: string;
  email: string;
  phone: string;
  coverNote: string;
  cv: { bytes: Buffer; type: CvType; originalName: string };
  /** The form's hidden key: the same key twice is the same application. */
  submissionKey: string;
  /** The `src` token the visit was first tracked with, if any. */
  sourceToken: string | null;
}

/**
 * `stored` and `duplicate` carry the candidate's own application. `key_taken`: the key belongs to
 * someone else's application (a replayed form), and nothing of theirs comes back; send it again
 * under a new key. `quota_full`: the organisation keeps as many CV bytes as it may.
 */
export type SubmitResult =
  | { kind: 'stored' | 'duplicate'; application: Application }
  | { kind: 'key_taken' }
  | { kind: 'quota_full' };

/** CVs live under `<uploadsDir>/<organisation id>/`, never in a web-served folder. */
export const cvFilePath = (uploadsDir: string, organisationId: string, cvPath: string) =>
  join(uploadsDir, organisationId, cvPath);

/** Same person: the e-mail address is the one detail a candidate gives on every submit of a form. */
const sameCandidate = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function replayOf(earlier: typeof applications.$inferSelect, input: ApplicationInput): SubmitResult {
  if (!sameCandidate(earlier.email, input.email)) return { kind: 'key_taken' };
  return { kind: 'duplicate', application: toApplication(earlier) };
}

async function findBySubmissionKey(deps: Pick<ServiceDeps, 'db'>, vacancyId: string, key: string) {
  const [row] = await deps.db
    .select()
    .from(applications)
    .where(and(eq(applications.vacancyId, vacancyId), eq(applications.submissionKey, key)));
  return row ?? null;
}

/** Reserves room for a CV in one atomic statement; false when it would pass the quota. */
async function reserveUpload(
  deps: Pick<ServiceDeps, 'db'>,
  organisationId: string,
  bytes: number,
  quota: number,
) {
  if (bytes > quota) return false;
  const [row] = await deps.db
    .insert(uploadUsage)
    .values({ organisationId, bytes })
    .onConflictDoUpdate({
      target: uploadUsage.organisationId,
      set: { bytes: sql`${uploadUsage.bytes} + ${bytes}` },
      setWhere: sql`${uploadUsage.bytes} + ${bytes} <= ${quota}`,
    })
    .returning({ bytes: uploadUsage.bytes });
  return Boolean(row);
}

const releaseUpload = (deps: Pick<ServiceDeps, 'db'>, organisationId: string, bytes: number) =>
  deps.db
    .update(uploadUsage)
    .set({ bytes: sql`greatest(${uploadUsage.bytes} - ${bytes}, 0)` })
    .where(eq(uploadUsage.organisationId, organisationId));

/**
 * Stores the CV under a name Postroom chooses (mode 0600) and the application with its source.
 * A second submit with the same key by the same candidate returns the first application and keeps
 * no second file. The CV's bytes are reserved against the organisation's quota before the file
 * is written, and given back when nothing is kept.
 */
export async function submitApplication(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string; uploadQuotaBytes: number },
  target: { organisationId: string; vacancyId: string },
  input: ApplicationInput,
): Promise<SubmitResult> {
  const earlier = await findBySubmissionKey(deps, target.vacancyId, input.submissionKey);
  if (earlier) return replayOf(earlier, input);

  const size = input.cv.bytes.length;
  if (!(await reserveUpload(deps, target.organisationId, size, options.uploadQuotaBytes)))
    return { kind: 'quota_full' };
  const source = await resolveApplicationSource(deps, target.organisationId, input.sourceToken);
  const cvPath = `${randomUUID()}.${input.cv.type}`;
  const folder = join(options.uploadsDir, target.organisationId);
  const file = join(folder, cvPath);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(file, input.cv.bytes, { mode: 0o600, flag: 'wx' });
    const [row] = await deps.db
      .insert(applications)
      .values({
        organisationId: target.organisationId,
        vacancyId: target.vacancyId,
        name: input.name,
        email: input.email,
        phone: input.phone,
        coverNote: input.coverNote,
        cvPath,
        cvType: input.cv.type,
        cvSize: size,
        cvOriginalName: input.cv.originalName,
        sourceKind: source.kind,
        sourceLabel: source.label,
        postingId: source.postingId,
        submissionKey: input.submissionKey,
      })
      .returning();
    return { kind: 'stored', application: toApplication(row!) };
  } catch (error) {
    await rm(file, { force: true });
    await releaseUpload(deps, target.organisationId, size);
    // Two submits of one form raced: the other one won, and this is the same application.
    if (isUniqueViolation(error, 'applications_submission_unique')) {
      const winner = await findBySubmissionKey(deps, target.vacancyId, input.submissionKey);
      if (winner) return replayOf(winner, input);
    }
    throw error;
  }
}
