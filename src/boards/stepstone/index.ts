import type { AdvertEnd, PostingFields } from '../board.js';
import { defineBoard } from '../define-board.js';
import { previewStepStoneRequest, stepstoneClient } from './client.js';
import { checkStepStone, STEPSTONE_FIELDS } from './fields.js';
import { feedForm, jobfeedXml } from './map.js';
import { STEPSTONE_MAPPING_TABLES } from './mapping-tables.js';
import { prefillStepStone } from './prefill.js';
import { type SandboxListing, stepstoneDemoSettings, stepstoneSandbox } from './sandbox.js';
import { type StepStoneSettings, stepstoneSettingsSchema } from './settings.js';

export { type StepStoneSettings, stepstoneSettingsSchema } from './settings.js';

const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** With "Days live", the listing ends that many days after the INSERT; without, at the contract's end. */
export function stepstoneAdvertEnd(fields: PostingFields, postedAt: Date): AdvertEnd {
  const days = fields.liveDays;
  if (typeof days === 'number' && Number.isInteger(days) && days > 0) {
    const end = new Date(`${UK_DAY.format(postedAt)}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + days);
    const endsOn = end.toISOString().slice(0, 10);
    return { endsOn, text: `Ends on StepStone on ${endsOn}: ${days} days live, as sent` };
  }
  return {
    endsOn: null,
    text: 'Stays on StepStone until the end of the validity period in your StepStone contract, or until closed',
  };
}

export const stepstoneBoard = defineBoard<StepStoneSettings>({
  id: 'stepstone',
  label: 'StepStone',
  description:
    "StepStone's UK boards (Totaljobs, CWJobs, Caterer, Jobsite), through StepStone's XML job feed. Each new listing spends a credit of your StepStone contract; updates are free.",
  cost: 'Each new listing spends one credit of your StepStone contract; updates within its validity period and taking it offline are free.',
  connection: { schema: stepstoneSettingsSchema, secrets: ['password'] },
  mappingTables: STEPSTONE_MAPPING_TABLES,
  fields: STEPSTONE_FIELDS,
  canClose: true,
  readsStatus: false,
  canLookUp: false,
  advertEnd: stepstoneAdvertEnd,
  referenceField: 'reference',
  prefill: prefillStepStone,
  check: checkStepStone,
  map: (fields, settings) => feedForm(jobfeedXml('INSERT', fields, settings)),
  previewRequest: previewStepStoneRequest,
  client: stepstoneClient,
  sandbox: {
    burstLimit: "each advert spends one of the account's credits (the sandbox account has 100)",
    plugin: stepstoneSandbox,
    // The sandbox's demo account, with a category table covering the demo vacancies.
    demoSettings: (baseUrl) => stepstoneSettingsSchema.parse(stepstoneDemoSettings(baseUrl)),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/listings`);
      const { listings } = (await response.json()) as { listings: SandboxListing[] };
      return listings.map((l) => ({
        id: l.listingId,
        reference: l.reference,
        status: l.state,
        createCount: l.requests.filter((r) => r.action === 'INSERT' && r.answered === 'INSERT').length,
        body: l.nodes,
      }));
    },
    sampleFields: (reference) => ({
      title: 'Staff Nurse',
      reference,
      tasks: '<p>Care for adults on an acute ward.</p>',
      profile: '<ul><li>NMC registration</li></ul>',
      city: 'Glasgow',
      postcode: 'G4 0SF',
      applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=sample`,
      category: 'Nursing',
      hours: 'full_time',
      companyName: 'Demo Company',
    }),
  },
});
