import { z } from 'zod';
import { defineBoard } from '../define-board.js';
import { s1jobsAdvertEnd } from './advert-life.js';
import { DEFAULT_BASE_URL, previewS1jobsRequest, type S1jobsSettings, s1jobsClient } from './client.js';
import { checkS1jobs, S1JOBS_FIELDS } from './fields.js';
import { CREDENTIAL_KEYS, mapS1jobs, prefillS1jobs } from './map.js';
import { s1jobsSandbox } from './sandbox.js';

export const s1jobsSettingsSchema = z
  .object({
    username: z
      .string({ error: 'Enter the API username (the "key" s1jobs gave you)' })
      .trim()
      .min(1, 'Enter the API username (the "key" s1jobs gave you)')
      .max(255)
      .describe('API username, the "key" from s1jobs sales support'),
    password: z
      .string({ error: 'Enter the API password (the "value" s1jobs gave you)' })
      .min(1, 'Enter the API password (the "value" s1jobs gave you)')
      .max(255)
      .describe('API password, the "value" (write-only)'),
    site: z
      .enum(['s1jobs', 'x1jobs'], { error: 'Site must be s1jobs or x1jobs' })
      .default('s1jobs')
      .describe(
        'Which sister site the API user posts to (s1jobs sets this up with the user); Postroom uses it for labels only',
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .optional()
      .describe(
        `Override of the API address (default ${DEFAULT_BASE_URL}), only to one the operator allows in POSTROOM_BOARD_URL_ALLOW or to this server's sandbox at <Postroom>/sandbox/s1jobs; changing it needs the password again`,
      ),
  })
  .strict();

export const s1jobsBoard = defineBoard<S1jobsSettings>({
  id: 's1jobs',
  label: 's1jobs',
  description:
    "Scotland's job board (and its sister site x1jobs), through the board's JSON posting API for ATS systems.",
  connection: { schema: s1jobsSettingsSchema, secrets: ['password'] },
  fields: S1JOBS_FIELDS,
  canClose: true,
  readsStatus: false,
  advertEnd: s1jobsAdvertEnd,
  // "A job stays live 28 days" (docs/boards/s1jobs.md) and the API has no extension: post it again.
  renewal: {
    text: 'Postroom closes this advert on s1jobs and posts the vacancy again as a new s1jobs advert, with its current values and your overrides, live for up to 28 more days.',
  },
  referenceField: 'reference',
  prefill: prefillS1jobs,
  check: checkS1jobs,
  map: mapS1jobs,
  previewRequest: previewS1jobsRequest,
  client: s1jobsClient,
  // Credentials travel in the JSON body of writes and in the query string of reads.
  secretNames: [CREDENTIAL_KEYS.password],
  sandbox: {
    plugin: s1jobsSandbox,
    // The sandbox's built-in API user (src/boards/s1jobs/sandbox.ts).
    demoSettings: (baseUrl) => ({ username: 'demo-api', password: 'demo-secret', site: 's1jobs', baseUrl }),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/jobs`);
      const { jobs } = (await response.json()) as {
        jobs: { id: string; status: string; createCount: number; fields: Record<string, unknown> }[];
      };
      return jobs.map((j) => ({
        id: j.id,
        reference: String(j.fields.reference),
        status: j.status,
        createCount: j.createCount,
        body: j.fields,
      }));
    },
    sampleFields: (reference) => ({
      title: 'Staff Nurse',
      reference,
      description: '<p>Care for adults on an acute medical ward.</p>',
      coreSkill: 'Medical / Dental / Health Care',
      specialisms: ['Nursing'],
      location: 'G4 0SF',
      salaryLow: 31049,
      salaryHigh: 37796,
      salaryPeriod: 'yearly',
      applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=sample`,
    }),
  },
});
