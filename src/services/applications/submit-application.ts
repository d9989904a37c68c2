import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { applications } from '../../db/schema.js';
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

/** CVs live under `<uploadsDir>/<organisation id>/`, never in a web-served folder. */
export const cvFilePath = (uploadsDir: string, organisationId: string, cvPath: string) =>
  join(uploadsDir, organisationId, cvPath);

function replayOf(earlier: typeof applications.$inferSelect, input: ApplicationInput): SubmitResult {
  if (!sameCandidate(earlier.email, input.email)) return { keyTaken: true };
  return { application: toApplication(earlier), duplicate: true };
}

async function findBySubmissionKey(deps: Pick<ServiceDeps, 'db'>, vacancyId: string, key: string) {
  const [row] = await deps.db
    .select()
    .from(applications)
    .where(and(eq(applications.vacancyId, vacancyId), eq(applications.submissionKey, key)));
  return row ?? null;
}

/** Same person: the e-mail address is the one detail a candidate gives on every submit of a form. */
const sameCandidate = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export type SubmitResult =
  | { application: Application; duplicate: boolean; keyTaken?: never }
  | { keyTaken: true; application?: never; duplicate?: never };

/**
 * Stores the CV under a name Postroom chooses (mode 0600) and the application with its source.
 * A second submit with the same key by the same candidate returns the first application and keeps
 * no second file. When the key belongs to someone else's application (a replayed form) nothing of
 * theirs comes back: `keyTaken` tells the caller to send it under a new key.
 */
export async function submitApplication(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string },
  target: { organisationId: string; vacancyId: string },
  input: ApplicationInput,
): Promise<SubmitResult> {
  const earlier = await findBySubmissionKey(deps, target.vacancyId, input.submissionKey);
  if (earlier) return replayOf(earlier, input);

  const source = await resolveApplicationSource(deps, target.organisationId, input.sourceToken);
  const cvPath = `${randomUUID()}.${input.cv.type}`;
  const folder = join(options.uploadsDir, target.organisationId);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, cvPath);
  await writeFile(file, input.cv.bytes, { mode: 0o600, flag: 'wx' });
  try {
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
        cvSize: input.cv.bytes.length,
        cvOriginalName: input.cv.originalName,
        sourceKind: source.kind,
        sourceLabel: source.label,
        postingId: source.postingId,
        submissionKey: input.submissionKey,
      })
      .returning();
    return { application: toApplication(row!), duplicate: false };
  } catch (error) {
    await rm(file, { force: true });
    // Two submits of one form raced: the other one won, and this is the same application.
    if (isUniqueViolation(error, 'applications_submission_unique')) {
      const winner = await findBySubmissionKey(deps, target.vacancyId, input.submissionKey);
      if (winner) return replayOf(winner, input);
    }
    throw error;
  }
}
