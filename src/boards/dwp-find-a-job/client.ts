// DWP Find a job over SFTP (docs/boards/dwp-find-a-job.md, "Transport", "Lifecycle", "Feedback
// report"): an upload file per create or update into Inbound/, an expire file per close, the
// report in Outbound/ read back as the advert's state, and Inbound/ + processed/ searched after a
// lost answer. Nothing here answers synchronously: a delivered file is `sent`.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ukDate } from '../../domain/vacancy.js';
import { allowedAddress, createBoardAddressPolicy } from '../address-policy.js';
import {
  type BoardClient,
  BoardError,
  type BoardReceipt,
  type ClientDeps,
  type PostingFields,
  type WireRequest,
} from '../board.js';
import { advertIssues, advertOf, codeOf } from './advert.js';
import {
  ATTRIBUTES,
  endsOnFor,
  expireXml,
  FOLDERS,
  fieldOfReason,
  fileNameOf,
  isUploadFile,
  parseVersionTag,
  reportNameOf,
  uploadedOnOf,
  uploadXml,
  versionTag,
} from './map.js';
import { verdictOf } from './report.js';
import { isDenied, isMissing, refusedAtOpen, type SftpTarget, sftpCalls, withSftp } from './sftp.js';

export interface DwpSettings extends Record<string, unknown> {
  host?: string | undefined;
  port: number;
  username: string;
  password: string;
  hostKey?: string | undefined;
  filePrefix: string;
  categoryId: number;
  baseUrl?: string | undefined;
}

const LABEL = 'Find a job';
/** Files read at most when looking for an advert after a lost answer, newest first. */
const LOOKUP_FILES = 200;
/** Files read at once over the lookup's one SFTP session (SFTP answers requests in any order). */
const LOOKUP_READS = 8;

/** What the sandbox says of its SFTP server (`GET <baseUrl>/_sftp`). */
const sandboxSftpSchema = z.object({ host: z.string(), port: z.number().int(), hostKey: z.string() });

async function targetOf(settings: DwpSettings, deps: ClientDeps): Promise<SftpTarget> {
  const login = { username: settings.username, password: settings.password };
  if (!settings.baseUrl) {
    const host = settings.host ?? '';
    const resolve = deps.resolveAddress ?? ((h, port) => allowedAddress(createBoardAddressPolicy(), h, port));
    const address = await resolve(host, settings.port).catch((cause: unknown) => {
      throw new BoardError('unexpected', `${LABEL}'s SFTP server: ${(cause as Error).message}`, { cause });
    });
    return { host: address, port: settings.port, hostKey: settings.hostKey ?? '', ...login };
  }
  const answer = await deps.fetch(`${settings.baseUrl.replace(/\/+$/, '')}/_sftp`).catch((cause: unknown) => {
    throw new BoardError('unavailable', `${LABEL}'s sandbox could not be reached`, { cause });
  });
  const parsed = sandboxSftpSchema.safeParse(await answer.json().catch(() => null));
  if (!answer.ok || !parsed.success)
    throw new BoardError('unavailable', `${LABEL}'s sandbox did not say where its SFTP server is`);
  return { ...parsed.data, ...login };
}

/** The upload file these fields make, as the preview shows it (no credentials in it). */
export function previewDwpRequest(fields: PostingFields, settings: DwpSettings): WireRequest {
  const today = ukDate(new Date());
  const name = fileNameOf(settings.filePrefix, 'upload', new Date(), 'preview');
  return {
    method: 'PUT',
    url: `sftp://${settings.host ?? 'sandbox'}/${FOLDERS.inbound}/${name}`,
    headers: { 'content-type': 'application/xml' },
    body: uploadXml([advertOf(fields, settings, today, today)]),
  };
}

/** The Find a job account of one connection. */
export function dwpClient(
  settings: DwpSettings,
  deps: ClientDeps,
): BoardClient & {
  close(receipt: BoardReceipt): Promise<BoardReceipt>;
  status(receipt: BoardReceipt): Promise<BoardReceipt>;
} {
  /** One SFTP session, kept as proof: what was asked (`PUT` a file, `GET` a file or a listing) and what came back. */
  const session = async <T>(
    request: { method: 'PUT' | 'GET'; path: string; body?: string },
    work: (calls: ReturnType<typeof sftpCalls>) => Promise<T>,
  ) => {
    const target = await targetOf(settings, deps);
    const started = deps.now();
    const keep = (outcome: { error?: string; response?: unknown }) =>
      deps.onExchange?.({
        method: request.method,
        url: `sftp://${target.host}:${target.port}/${request.path}`,
        requestHeaders: { 'content-type': 'application/xml' },
        requestBody: request.body ?? null,
        status: null,
        responseBody: typeof outcome.response === 'string' ? outcome.response : null,
        durationMs: deps.now().getTime() - started.getTime(),
        at: started,
        ...(outcome.error ? { error: outcome.error } : {}),
      });
    try {
      const result = await withSftp(target, deps, (sftp) => work(sftpCalls(sftp)));
      keep({ response: result });
      return result;
    } catch (error) {
      keep({ error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };

  /** Uploads one file into Inbound/; a failure once connected leaves its arrival unknown. */
  const deliver = (name: string, xml: string) =>
    session({ method: 'PUT', path: `${FOLDERS.inbound}/${name}`, body: xml }, async (calls) => {
      try {
        await calls.write(`${FOLDERS.inbound}/${name}`, xml);
      } catch (cause) {
        if (cause instanceof BoardError) throw cause;
        if (isDenied(cause))
          throw new BoardError(
            'auth',
            `${LABEL} refused the upload into ${FOLDERS.inbound}/ (permission denied)`,
            { cause },
          );
        if (refusedAtOpen(cause)) {
          const why = cause instanceof Error ? cause.message : String(cause);
          throw new BoardError('unavailable', `${LABEL} did not take the file ${name} (${why})`, { cause });
        }
        throw new BoardError('unknown_outcome', `The upload of ${name} was cut: it may have arrived`, {
          cause,
        });
      }
    });

  const upload = async (fields: PostingFields, postedOn: string | null): Promise<BoardReceipt> => {
    const now = deps.now();
    const today = ukDate(now);
    const since = postedOn ?? today;
    const advert = advertOf(fields, settings, today, since);
    const issues = advertIssues(advert);
    if (issues.length > 0)
      throw new BoardError('invalid', issues.map((i) => i.message).join('; '), {
        issues,
        field: issues[0]?.field,
      });
    const name = fileNameOf(settings.filePrefix, 'upload', now, randomBytes(3).toString('hex'));
    await deliver(name, uploadXml([advert]));
    const tag = { postedOn: since, endsOn: endsOnFor(advert.expiry, since), file: name };
    return { externalId: advert.code, etag: versionTag(tag), status: 'Delivered', delivered: true };
  };

  return {
    create: (fields) => upload(fields, null),
    update(receipt, fields) {
      // A new code is a re-post: a new advert, whose 30 days start today.
      const same = codeOf(fields) === receipt.externalId;
      return upload(fields, same ? (parseVersionTag(receipt.etag)?.postedOn ?? null) : null);
    },
    async close(receipt) {
      const name = fileNameOf(settings.filePrefix, 'expire', deps.now(), randomBytes(3).toString('hex'));
      await deliver(name, expireXml([receipt.externalId]));
      return { externalId: receipt.externalId, status: 'Expiry delivered', state: 'closed' };
    },
    async status(receipt) {
      const version = parseVersionTag(receipt.etag);
      if (!version)
        throw new BoardError('unexpected', 'Postroom does not know which file carried this advert');
      const name = reportNameOf(version.file);
      const report = await session({ method: 'GET', path: `${FOLDERS.outbound}/${name}` }, async (calls) =>
        calls.read(`${FOLDERS.outbound}/${name}`).catch((error: unknown) => {
          if (isMissing(error)) return null;
          throw new BoardError('unavailable', `The report ${name} could not be read`, { cause: error });
        }),
      );
      if (report === null) return { ...receipt, delivered: true };
      return receiptOfReport(receipt, report);
    },
    async lookup(reference) {
      const code = codeOf({ reference });
      const found = await session({ method: 'GET', path: `${FOLDERS.inbound}/` }, async (calls) => {
        const names = [
          ...(await calls.list(FOLDERS.inbound)).map((n) => `${FOLDERS.inbound}/${n}`),
          ...(await calls.list(FOLDERS.processed)).map((n) => `${FOLDERS.processed}/${n}`),
        ]
          .filter((path) => isUploadFile(settings.filePrefix, path.split('/')[1] ?? ''))
          .sort((a, b) => (b.split('/')[1] ?? '').localeCompare(a.split('/')[1] ?? ''))
          .slice(0, LOOKUP_FILES);
        // A few files at a time over the one session, newest first: the newest file with the code wins.
        for (let at = 0; at < names.length; at += LOOKUP_READS) {
          const batch = names.slice(at, at + LOOKUP_READS);
          const texts = await Promise.all(batch.map((path) => readMoved(calls, path)));
          const hit = texts.findIndex((text) => text.includes(`${ATTRIBUTES.code}="${code}"`));
          if (hit >= 0) return batch[hit]!.split('/')[1];
        }
        return null;
      });
      if (!found) return null;
      // The advert's 30 days count from that file's upload at the latest.
      const postedOn = uploadedOnOf(found) ?? ukDate(deps.now());
      const tag = { postedOn, endsOn: endsOnFor(undefined, postedOn), file: found };
      return { externalId: code, etag: versionTag(tag), status: 'Delivered', delivered: true };
    },
  };
}

/**
 * A file's text, where the import may move it from `Inbound/` to `processed/` between the listing
 * and the read: then it is read there; a file gone from both reads as empty.
 */
async function readMoved(calls: { read(path: string): Promise<string> }, path: string): Promise<string> {
  const orEmpty = (error: unknown) => {
    if (isMissing(error)) return '';
    throw error;
  };
  const [folder, name] = path.split('/');
  return calls.read(path).catch((error: unknown) => {
    if (!isMissing(error) || folder !== FOLDERS.inbound) return orEmpty(error);
    return calls.read(`${FOLDERS.processed}/${name}`).catch(orEmpty);
  });
}

/** The advert's state from its report: accepted (posted), or DWP's reason on the field it names. */
function receiptOfReport(receipt: BoardReceipt, report: string): BoardReceipt {
  let verdict: ReturnType<typeof verdictOf>;
  try {
    verdict = verdictOf(report, receipt.externalId);
  } catch (cause) {
    throw new BoardError('unexpected', `${LABEL}'s report could not be read`, { cause });
  }
  if (verdict.result === 'accepted')
    return { ...receipt, status: 'Success', state: 'published', delivered: false };
  if (verdict.result === 'not_listed')
    throw new BoardError('unexpected', `${LABEL}'s report does not list the advert ${receipt.externalId}`);
  const field = verdict.result === 'refused' ? fieldOfReason(verdict.reason) : undefined;
  const words =
    verdict.result === 'file_refused' ? `${LABEL} refused the whole file: ` : `${LABEL} refused the advert: `;
  throw new BoardError('invalid', `${words}${verdict.reason}`, {
    boardMessage: verdict.reason,
    ...(field ? { field, issues: [{ field, message: verdict.reason, severity: 'error' as const }] } : {}),
  });
}
