import { boardContract } from '../../../test/support/board-contract.js';
import { ukDate } from '../../domain/vacancy.js';
import { nhsJobsBoard } from './index.js';
import { nhsJobsSandbox } from './sandbox.js';

type Draft = { id: string; status: string; createCount: number; body: Record<string, unknown> };
const inAMonth = ukDate(new Date(Date.now() + 30 * 86_400_000));
const about =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';

boardContract({
  board: nhsJobsBoard,
  prefix: '/sandbox/nhs-jobs',
  sandbox: async (app, prefix) => {
    await app.register(nhsJobsSandbox, { prefix });
  },
  settings: (baseUrl) => ({
    organisationId: 'DEMO-ORG',
    accountId: 'DEMO-ACCOUNT',
    apiKey: 'demo-nhs-key',
    testMode: true,
    baseUrl,
  }),
  badSettings: (baseUrl) => ({
    organisationId: 'OTHER-ORG',
    accountId: 'DEMO-ACCOUNT',
    apiKey: 'demo-nhs-key',
    testMode: true,
    baseUrl,
  }),
  validFields: (reference) => ({
    jobTitle: 'Staff Nurse',
    jobReference: reference,
    contractType: 'PERMANENT',
    workingPatterns: ['FULL_TIME'],
    staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
    payScheme: 'AGENDA_FOR_CHANGE',
    payBand: 'BAND_5',
    salary: { type: 'RANGE', min: 31049, max: 37796, period: 'YEAR' },
    address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
    closingDate: inAMonth,
    jobOverview: `${about} Join our friendly acute medical ward.`,
    mainDuties: `${about} Assess, plan and evaluate care.`,
    aboutOrganisation: about,
    jobDescription: '<p>Care for adults on an acute medical ward.</p>',
    contactEmail: 'recruitment@demo-nhs-trust.example',
    applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=t1`,
  }),
  change: {
    fields: { jobTitle: 'Senior Staff Nurse' },
    stored: (body) => body.jobTitle,
    expected: 'Senior Staff Nurse',
  },
  invalid: {
    fields: { address: { line1: '1 Road', town: 'Leeds', postcode: 'NOT A POSTCODE' } },
    field: 'address.postcode',
  },
  inspect: async (baseUrl) => {
    const { drafts } = (await (await fetch(`${baseUrl}/_inspect/drafts`)).json()) as { drafts: Draft[] };
    return drafts.map((d) => ({
      id: d.id,
      reference: String(d.body.jobReference),
      status: d.status,
      createCount: d.createCount,
      body: d.body,
    }));
  },
  today: ukDate(new Date()),
});
