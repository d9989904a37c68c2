// The sandbox's Find a job (docs/boards/dwp-find-a-job.md, "What the sandbox must do"): a real SFTP
// server on loopback, and HTTP control endpoints beside it under /sandbox/dwp-find-a-job/:
// `GET _sftp` (where the server is and its host key), `POST _import` (run the daily import now),
// `GET _adverts?vacancyRefCode=` and `GET _inspect/adverts` (what the imports made), `POST _faults`
// and `POST _settings` (`today`, `importIntervalMs`). Never imports adapter code.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { faultsSchema as sharedFaultsSchema } from '../sandbox/faults.js';
import { runImport } from './sandbox-import.js';
import { startSandboxSftp } from './sandbox-sftp.js';
import { DwpSandboxState, NO_FAULTS } from './sandbox-state.js';

export const SANDBOX_ACCOUNT = { username: 'demo', password: 'demo-find-a-job-password' };
/** The real import is daily; the sandbox's runs every 2 seconds until told otherwise. */
const DEFAULT_IMPORT_MS = 2_000;

const faultsSchema = sharedFaultsSchema
  .extend({
    refuseUpload: z.boolean().default(false),
    cutUpload: z.boolean().default(false),
    skipImport: z.boolean().default(false),
    noReport: z.boolean().default(false),
    fileError: z.string().min(1).nullable().default(null),
  })
  .strict();
const settingsSchema = z
  .object({
    today: z.iso.date().nullable().optional(),
    importIntervalMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();

export async function dwpSandbox(app: FastifyInstance): Promise<void> {
  const state = new DwpSandboxState();
  const sftp = await startSandboxSftp(state);
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    clearInterval(timer);
    timer = ms > 0 ? setInterval(() => runImport(state), ms) : undefined;
    timer?.unref();
  };
  schedule(DEFAULT_IMPORT_MS);
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await sftp.close();
  });

  const bad = (issues: z.ZodError) => ({
    error: 'invalid',
    issues: issues.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });

  app.get('/_sftp', async () => ({ host: sftp.host, port: sftp.port, hostKey: sftp.hostKey }));
  app.post('/_import', async () => ({ processed: runImport(state) }));
  app.post('/_faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send(bad(parsed.error));
    state.faults = parsed.data;
    return { faults: state.faults, counters: state.counters };
  });
  app.get('/_faults', async () => ({ faults: state.faults ?? NO_FAULTS, counters: state.counters }));
  app.post('/_settings', async (request, reply) => {
    const parsed = settingsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send(bad(parsed.error));
    if (parsed.data.today !== undefined) state.today = parsed.data.today;
    if (parsed.data.importIntervalMs !== undefined) schedule(parsed.data.importIntervalMs);
    return { today: state.day() };
  });
  app.get('/_adverts', async (request) => {
    const { vacancyRefCode } = (request.query ?? {}) as { vacancyRefCode?: string };
    return {
      adverts: [...state.adverts.values()].filter((a) => !vacancyRefCode || a.code === vacancyRefCode),
    };
  });
  app.get('/_inspect/adverts', async () => ({ adverts: [...state.adverts.values()] }));
  app.get('/_inspect/files', async (request) => {
    const { account = SANDBOX_ACCOUNT.username } = (request.query ?? {}) as { account?: string };
    return { files: [...state.folder(account).keys()].sort() };
  });
}
