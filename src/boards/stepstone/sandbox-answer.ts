// The StepStone sandbox's answers, in both of StepStone's formats (boards/stepstone.md, "Responses").

/** What one answer says; dates already written DD/MM/YYYY. */
export interface AnswerValues {
  senderId?: string | undefined;
  organisationId?: string | undefined;
  reference?: string | undefined;
  listingId?: string | undefined;
  listingExpiration?: string | undefined;
  action?: string | undefined;
  status: string;
  statusCode: string;
  warningCode?: string | undefined;
  comment?: string | undefined;
  contractEnd?: string | undefined;
  credits?: string | undefined;
}

export const ddmmyyyy = (at: Date) => {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};
const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | undefined) =>
  value === undefined ? '' : `<${name}>${esc(value)}</${name}>`;
const cdataEl = (name: string, value: string) =>
  `<${name}><![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]></${name}>`;

/** `xmlresponse=false`: "Sender_ID=8812;Organisation_ID=12345;Listing_ID=12738;…" */
function plainText(v: AnswerValues): string {
  const pairs: [string, string | undefined][] = [
    ['Sender_ID', v.senderId],
    ['Organisation_ID', v.organisationId],
    ['Listing_ID', v.listingId],
    ['Reference', v.reference],
    ['action', v.action],
    ['STATUS', v.status],
    ['contract_end_date', v.contractEnd],
    ['Credits', v.credits],
    ['StatusCode', v.statusCode],
    ['listingExpiration', v.listingExpiration],
  ];
  return pairs
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value};`)
    .join('');
}

/** The answer document (`xmlresponse=true`), as StepStone's example orders it. */
export function renderAnswer(v: AnswerValues, xml: boolean): string {
  if (!xml) return plainText(v);
  const contract =
    v.contractEnd !== undefined || v.credits !== undefined
      ? `<contract>${el('enddate', v.contractEnd)}${el('credits', v.credits)}</contract>`
      : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?><jobfeedresponse>',
    el('senderid', v.senderId),
    el('organisationid', v.organisationId),
    el('reference', v.reference),
    el('listingid', v.listingId),
    el('listingexpiration', v.listingExpiration),
    el('action', v.action),
    cdataEl('status', v.status),
    el('statuscode', v.statusCode),
    el('warningcode', v.warningCode),
    v.comment ? cdataEl('comments', v.comment) : '<comments/>',
    contract,
    '</jobfeedresponse>',
  ].join('');
}
