import { boardContract } from '../../../test/support/board-contract.js';
import { ukDate } from '../../domain/vacancy.js';
import { addDays } from './fields.js';
import { s1jobsBoard } from './index.js';
import { s1jobsSandbox } from './sandbox.js';

type Job = {
  id: string;
  status: string;
  createCount: number;
  body: Record<string, unknown>;
  fields: Record<string, unknown>;
};

boardContract({
  board: s1jobsBoard,
  prefix: '/sandbox/s1jobs',
  sandbox: async (app, prefix) => {
    await app.register(s1jobsSandbox, { prefix });
  },
  settings: (baseUrl) => ({
    username: 'demo-api',
    password: 'demo-secret',
    site: 's1jobs' as const,
    baseUrl,
  }),
  badSettings: (baseUrl) => ({
    username: 'demo-api',
    password: 'wrong-secret',
    site: 's1jobs' as const,
    baseUrl,
  }),
  validFields: (reference) => ({
    title: 'Staff Nurse',
    reference,
    description: '<p>Care for adults on an acute ward.</p>',
    coreSkill: 'Medical / Dental / Health Care',
    specialisms: ['Nursing'],
    location: 'G4 0SF',
    salaryLow: 31049,
    salaryHigh: 37796,
    salaryPeriod: 'yearly',
    applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=t1`,
  }),
  change: {
    fields: { title: 'Senior Staff Nurse' },
    stored: (fields) => fields.title,
    expected: 'Senior Staff Nurse',
  },
  invalid: { fields: { coreSkill: 'nursing' }, field: 'coreSkill' },
  inspect: async (baseUrl) => {
    const { jobs } = (await (await fetch(`${baseUrl}/_inspect/jobs`)).json()) as { jobs: Job[] };
    return jobs.map((j) => ({
      id: j.id,
      reference: String(j.fields.reference),
      status: j.status,
      createCount: j.createCount,
      body: j.fields,
    }));
  },
  today: ukDate(new Date()),
  cases: [
    // "Preferably full postcode but outcode is accepted"
    { name: 'a full postcode', fields: { location: 'G2 1DY' } },
    { name: 'a postcode typed in lower case without its space', fields: { location: 'g21dy' } },
    { name: 'an outcode', fields: { location: 'EH12' } },
    { name: 'a place name as location', fields: { location: 'Glasgow city centre' }, field: 'location' },
    // "Go to your youtube video, click 'Share' and copy the link here."
    {
      name: 'a share link with si',
      fields: { youtubeUrl: 'https://youtu.be/dQw4w9WgXcQ?si=Xy3k_9-Qa1bC2dEf' },
    },
    { name: 'a share link without si', fields: { youtubeUrl: 'https://youtu.be/dQw4w9WgXcQ' } },
    {
      name: 'a watch address (sent as its share link)',
      fields: { youtubeUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    },
    {
      name: 'a playlist link',
      fields: { youtubeUrl: 'https://youtu.be/dQw4w9WgXcQ?list=PL1' },
      field: 'youtubeUrl',
    },
    // String: 255 characters max, counted as the board's Python counts them (code points).
    { name: 'a title of 255 emoji', fields: { title: '😀'.repeat(255) } },
    { name: 'a title of 256 emoji', fields: { title: '😀'.repeat(256) }, field: 'title' },
    { name: 'a title of 256 letters', fields: { title: 'x'.repeat(256) }, field: 'title' },
    // "It will close in the morning of the date sent": the date must be in the future.
    { name: 'an expiry date tomorrow', fields: { expiryDate: addDays(ukDate(new Date()), 1) } },
    { name: 'an expiry date today', fields: { expiryDate: ukDate(new Date()) }, field: 'expiryDate' },
    {
      name: 'an expiry date 29 days ahead',
      fields: { expiryDate: addDays(ukDate(new Date()), 29) },
      field: 'expiryDate',
    },
    { name: 'a core skill in the wrong case', fields: { coreSkill: 'legal' }, field: 'coreSkill' },
  ],
});
