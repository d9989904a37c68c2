import type { AdvertEnd, Board, PostingFields } from '../board.js';
import { previewStepStoneRequest, stepstoneClient } from './client.js';
import { checkStepStone, STEPSTONE_FIELDS } from './fields.js';
import { feedForm, jobfeedXml } from './map.js';
import { prefillStepStone } from './prefill.js';
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

export const stepstoneBoard: Board<StepStoneSettings> = {
  id: 'stepstone',
  label: 'StepStone',
  description:
    "StepStone's UK boards (Totaljobs, CWJobs, Caterer, Jobsite), through StepStone's XML job feed. Each new listing spends a credit of your StepStone contract; updates are free.",
  connection: { schema: stepstoneSettingsSchema, secrets: ['password'] },
  fields: STEPSTONE_FIELDS,
  canClose: true,
  readsStatus: false,
  advertEnd: stepstoneAdvertEnd,
  referenceField: 'reference',
  prefill: prefillStepStone,
  check: checkStepStone,
  map: (fields, settings) => feedForm(jobfeedXml('INSERT', fields, settings)),
  previewRequest: previewStepStoneRequest,
  client: stepstoneClient,
};
