import { boardContract } from '../../../test/support/board-contract.js';
import { ukDate } from '../../domain/vacancy.js';
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
});
