import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ukDate } from '../../domain/vacancy.js';
import type { PostingFields } from '../board.js';
import { nhsJobsBoard } from './index.js';
import { nhsJobsSandbox } from './sandbox.js';

/**
 * Each rule of the NHS Jobs document (docs/boards/nhs-jobs.md, "Posting fields" and "Rules and
 * where Postroom enforces them", in the guide's words), run twice: through the adapter's check, and sent
 * unchecked to the sandbox, which has its own reading (sandbox-rules.ts). Both must give the same
 * problems, so a rule read wrongly on either side fails here.
 */

const NOW = new Date();
const TODAY = ukDate(NOW);
const inDays = (days: number) => ukDate(new Date(NOW.getTime() + days * 86_400_000));
const about =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const SETTINGS = {
  organisationId: 'DEMO-ORG',
  accountId: 'DEMO-ACCOUNT',
  apiKey: 'demo-nhs-key',
  testMode: true,
};

let counter = 0;
function valid(): PostingFields {
  counter += 1;
  return {
    jobTitle: 'Staff Nurse',
    jobReference: `BOTH-${counter}`,
    contractType: 'PERMANENT',
    workingPatterns: ['FULL_TIME'],
    staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
    payScheme: 'AGENDA_FOR_CHANGE',
    payBand: 'BAND_5',
    salary: { type: 'RANGE', min: 31049, max: 37796, period: 'YEAR' },
    address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
    closingDate: inDays(30),
    jobOverview: `${about} Join our friendly acute medical ward.`,
    mainDuties: `${about} Assess, plan and evaluate care.`,
    aboutOrganisation: about,
    jobDescription: '<p>Care for adults on an acute medical ward.</p>',
    contactEmail: 'recruitment@demo-nhs-trust.example',
    applyUrl: 'http://localhost:3000/careers/demo/R1/apply?src=t1',
  };
}

const x = (n: number) => 'x'.repeat(n);
const words = (n: number) => Array.from({ length: n }, () => 'care').join(' ');
const TOO_LONG = (max: number) => `You have exceeded the words max limit, max limit is ${max}`;
const SALARY = 'The salary you have entered is not valid.';
const REQUIRED = 'Please fill the required fields';

/** [the rule in the document's words, the change, the problems expected on both sides]. */
const CASES: [string, PostingFields, [field: string, message: string][]][] = [
  ['valid fields are accepted', {}, []],
  ['job title: 1-70 characters', { jobTitle: x(71) }, [['jobTitle', TOO_LONG(70)]]],
  ['job title: an emoji is one character', { jobTitle: '😀'.repeat(70) }, []],
  ['job reference: 1-50 characters', { jobReference: x(51) }, [['jobReference', TOO_LONG(50)]]],
  [
    'job overview: 100-1,000 characters (too few)',
    { jobOverview: x(99) },
    [['jobOverview', 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.']],
  ],
  [
    'job overview: 100-1,000 characters (too many)',
    { jobOverview: x(1001) },
    [['jobOverview', TOO_LONG(1000)]],
  ],
  ['job overview: counted after trimming', { jobOverview: ` ${x(100)}  ` }, []],
  ['job overview: a line break is one character', { jobOverview: `${x(50)}\r\n${x(49)}` }, []],
  ['main duties: required', { mainDuties: null }, [['mainDuties', REQUIRED]]],
  [
    'about your organisation: 100-1,000 characters',
    { aboutOrganisation: 'We care.' },
    [
      [
        'aboutOrganisation',
        'Please Enter About your organisation. Character minLength: 100, maxLength: 1000.',
      ],
    ],
  ],
  [
    'contract duration: required with a fixed-length contract type',
    { contractType: 'FIXED_TERM' },
    [['contractDuration', REQUIRED]],
  ],
  [
    'contract duration: 1-60 weeks or months',
    { contractType: 'LOCUM', contractDuration: { length: 61, unit: 'MONTHS' } },
    [['contractDuration', 'Contract duration must be a whole number of weeks or months from 1 to 60.']],
  ],
  [
    'hours per week: required with PART_TIME',
    { workingPatterns: ['PART_TIME'] },
    [['weeklyHours', REQUIRED]],
  ],
  [
    'hours per week: more than 0, at most 48',
    { weeklyHours: 48.5 },
    [['weeklyHours', 'Hours per week must be a number more than 0 and at most 48.']],
  ],
  ['staff group: required', { staffGroup: null }, [['staffGroup', REQUIRED]]],
  ['band: required with Agenda for Change', { payBand: null }, [['payBand', REQUIRED]]],
  [
    'salary: min <= max',
    { salary: { type: 'RANGE', min: 40_000, max: 30_000, period: 'YEAR' } },
    [['salary', SALARY]],
  ],
  [
    'salary: a yearly amount is at least 1,000',
    { salary: { type: 'FIXED', amount: 999, period: 'YEAR' } },
    [['salary', SALARY]],
  ],
  [
    'salary: an hourly amount is at most 500',
    { salary: { type: 'FIXED', amount: 501, period: 'HOUR' } },
    [['salary', SALARY]],
  ],
  [
    'salary: at most 2 decimals',
    { salary: { type: 'FIXED', amount: 15.255, period: 'HOUR' } },
    [['salary', SALARY]],
  ],
  ['salary: pence are fine', { salary: { type: 'FIXED', amount: 12.29, period: 'HOUR' } }, []],
  ['salary: negotiable has no amounts', { salary: { type: 'NEGOTIABLE' } }, []],
  [
    'job address: a valid full UK postcode',
    { address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4' } },
    [['address.postcode', 'Postcode must be a valid full UK postcode, like LS1 4HR.']],
  ],
  [
    'job address: line 1 and town are required',
    { address: { postcode: 'G4 0SF' } },
    [
      ['address.line1', REQUIRED],
      ['address.town', REQUIRED],
    ],
  ],
  [
    'closing date: after today',
    { closingDate: TODAY },
    [['closingDate', 'Closing date must be after today.']],
  ],
  [
    'closing date: YYYY-MM-DD',
    { closingDate: '2031-02-30' },
    [['closingDate', 'Closing date must be a date written YYYY-MM-DD.']],
  ],
  [
    'job description: at most 1,000 words',
    { jobDescription: `<p>${words(1001)}</p>` },
    [['jobDescription', TOO_LONG(1000)]],
  ],
  [
    'job description: 1,000 words is fine',
    { jobDescription: `<ul><li>${words(999)}</li><li>care</li></ul>` },
    [],
  ],
  [
    'job description: at most 10,000 characters, tags not counted',
    { jobDescription: `<p><strong>${x(10_001)}</strong></p>` },
    [['jobDescription', TOO_LONG(10_000)]],
  ],
  ['job description: &amp; is one character', { jobDescription: `<p>${x(9_999)}&amp;</p>` }, []],
  ['job description: required', { jobDescription: '<p> </p>' }, [['jobDescription', REQUIRED]]],
  [
    'contact email: a valid e-mail address',
    { contactEmail: 'recruitment at example' },
    [['contactEmail', 'Contact email must be a valid e-mail address, like name@example.org.']],
  ],
  ['contact phone: a UK number', { contactPhone: '+44 (0)1632 960001' }, []],
  [
    'contact phone: not a foreign number',
    { contactPhone: '+1 212 555 0100' },
    [['contactPhone', 'Contact phone must be a UK phone number, like 01632 960 001.']],
  ],
  [
    'person specification: at most 20 items',
    { essentialSkills: Array.from({ length: 21 }, (_, i) => `Skill ${i}`) },
    [['essentialSkills', 'Essential skills can have at most 20 items.']],
  ],
  [
    'person specification: items of 1-255 characters',
    { desirableSkills: ['Teamwork', x(256)] },
    [['desirableSkills.1', TOO_LONG(255)]],
  ],
];

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = Fastify();
  await app.register(nhsJobsSandbox, { prefix: '/sandbox/nhs-jobs', now: () => NOW });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox/nhs-jobs`;
});
afterAll(async () => {
  await app.close();
});

const sorted = (problems: [string, string][]) => problems.map(([f, m]) => `${f}: ${m}`).sort();

describe('NHS Jobs rules, through the adapter and at the sandbox', () => {
  it.each(CASES)('%s', async (_rule, change, expected) => {
    const fields = { ...valid(), ...change };
    const adapter = nhsJobsBoard
      .check(fields, { today: TODAY })
      .map((i) => [i.field, i.message] as [string, string]);
    expect(sorted(adapter), 'the adapter').toEqual(sorted(expected));

    // Sent as the adapter would send it, without its check: the sandbox's own reading answers.
    const response = await fetch(`${base}/api/v1/organisations/DEMO-ORG/vacancy-drafts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SETTINGS.apiKey}`,
        'x-account-id': SETTINGS.accountId,
        'content-type': 'application/json',
      },
      body: JSON.stringify(nhsJobsBoard.map(fields, SETTINGS)),
    });
    const answer = (await response.json()) as { errors?: { field: string; message: string }[] };
    expect(response.status, 'the sandbox').toBe(expected.length === 0 ? 201 : 400);
    const sandbox = (answer.errors ?? []).map((e) => [e.field, e.message] as [string, string]);
    expect(sorted(sandbox), 'the sandbox').toEqual(sorted(expected));
  });
});
