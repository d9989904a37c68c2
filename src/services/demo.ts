import { randomBytes } from 'node:crypto';
import { listBoards } from '../boards/registry.js';
import { sandboxPrefix } from '../boards/sandboxes.js';
import { createApiToken } from './api-tokens.js';
import { createConnection } from './connections.js';
import { type ServiceDeps, systemActor } from './deps.js';
import { countOrganisations, createOrganisation } from './organisations.js';
import { publishVacancy } from './vacancies/change-vacancy-status.js';
import { createVacancy } from './vacancies/create-vacancy.js';
import { parseVacancyFields } from './vacancies/vacancy-record.js';

export interface DemoCredentials {
  organisationSlug: string;
  email: string;
  password: string;
  token: string;
}

export const DEMO_ADMIN_EMAIL = 'admin@demo-nhs-trust.example';

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland. ' +
  'We employ 9,000 staff in two hospitals and forty community sites, and we are committed to flexible working, ' +
  'continuous learning and a fair, inclusive workplace where every member of staff is valued.';

const daysFromNow = (now: Date, days: number) =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * On a database with no organisation, creates "Demo NHS Trust" with an admin, an API token and a
 * few vacancies, and returns the sign-in details (shown once). Returns null when there is data already.
 */
export async function seedDemo(
  deps: ServiceDeps,
  options: { sandboxBaseUrl?: string } = {},
): Promise<DemoCredentials | null> {
  if ((await countOrganisations(deps)) > 0) return null;
  const password = randomBytes(12).toString('base64url');
  const { organisation } = await createOrganisation(deps, {
    name: 'Demo NHS Trust',
    slug: 'demo',
    adminEmail: DEMO_ADMIN_EMAIL,
    adminPassword: password,
    about: ABOUT,
    replyToEmail: 'recruitment@demo-nhs-trust.example',
    locations: [
      { name: 'Royal Demo Infirmary', line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
      { name: 'Demo Community Hospital', line1: '1 Hospital Road', town: 'Paisley', postcode: 'PA2 9PN' },
    ],
  });
  const { token } = await createApiToken(deps, organisation.id, { name: 'Demo token', role: 'admin' }, null);
  const actor = systemActor(organisation.id, 'Demo set-up');
  if (options.sandboxBaseUrl) {
    // Each board's sandbox, through its built-in account (`sandbox.demoSettings` in its definition).
    for (const board of listBoards()) {
      await createConnection(deps, actor, {
        board: board.id,
        name: `${board.label} (sandbox)`,
        settings: board.sandbox.demoSettings(`${options.sandboxBaseUrl}${sandboxPrefix(board.id)}`),
      });
    }
  }
  const now = deps.clock.now();
  const location = { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' };
  const samples = [
    {
      live: true,
      fields: {
        reference: 'DEMO-001-RN',
        title: 'Staff Nurse - Acute Medical Ward',
        employmentType: 'permanent',
        hours: 'full_time',
        weeklyHours: 37.5,
        workplace: 'onsite',
        location,
        salary: { min: 31049, max: 37796, period: 'year' },
        summary:
          'Join a friendly 28-bed acute medical ward as a Band 5 Staff Nurse, with a structured preceptorship, rotation opportunities and protected time for learning.',
        description:
          '<h2>About the role</h2><p>You will deliver safe, compassionate care to adults admitted with acute medical conditions.</p><ul><li>Assess, plan and evaluate care</li><li>Supervise students and support workers</li></ul>',
        category: 'Nursing',
        closingDate: daysFromNow(now, 21),
        personSpecification: {
          essential: {
            qualifications: ['Registered Nurse (Adult) with the NMC'],
            experience: [],
            skills: ['Clear communication'],
          },
          desirable: { qualifications: [], experience: ['Acute medical nursing'], skills: [] },
        },
      },
    },
    {
      live: true,
      fields: {
        reference: 'DEMO-002-HCSW',
        title: 'Healthcare Support Worker (Bank)',
        employmentType: 'bank',
        hours: 'part_time',
        workplace: 'onsite',
        location: { line1: '1 Hospital Road', town: 'Paisley', postcode: 'PA2 9PN' },
        salary: { min: 12.45, period: 'hour', text: '£12.45 an hour' },
        summary:
          'Flexible bank shifts supporting nurses on wards across the Trust. Choose the shifts that suit you.',
        description:
          '<p>Help patients with personal care, meals and mobility, and keep accurate records.</p>',
        category: 'Support services',
        closingDate: daysFromNow(now, 14),
      },
    },
    {
      live: false,
      fields: {
        reference: 'DEMO-003-MSEC',
        title: 'Medical Secretary',
        employmentType: 'fixed_term',
        contractLength: { length: 12, unit: 'months' },
        hours: 'full_time',
        workplace: 'hybrid',
        location,
        salary: { min: 25674, max: 27912, period: 'year' },
        description: '<p>Provide a full secretarial service to a busy team of consultants.</p>',
        category: 'Administrative and clerical',
        closingDate: daysFromNow(now, 28),
      },
    },
  ];
  for (const sample of samples) {
    const vacancy = await createVacancy(deps, actor, parseVacancyFields(sample.fields, deps.clock));
    if (sample.live) await publishVacancy(deps, actor, vacancy.id);
  }
  return { organisationSlug: organisation.slug, email: DEMO_ADMIN_EMAIL, password, token };
}
