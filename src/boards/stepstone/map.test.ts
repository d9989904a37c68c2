import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { parseXml } from '../xml.js';
import { stepstoneBoard } from './index.js';
import { jobfeedXml } from './map.js';
import { prefillStepStone, referenceOf } from './prefill.js';
import { type StepStoneSettings, stepstoneSettingsSchema } from './settings.js';

const settings: StepStoneSettings = stepstoneSettingsSchema.parse({
  username: '3rdFeedDemoCompany',
  password: 'demo-secret',
  senderId: '8812',
  organisationId: '12345',
  channel: 'UK',
  baseUrl: 'https://feed.example.test',
  categories: {
    workfield: { Nursing: '1017' },
    contracttype: { permanent: '1' },
    worktype: { full_time: '5' },
  },
});

const fields = {
  title: 'Staff Nurse',
  reference: 'VAC-1',
  tasks: '<p>Care for adults.</p>',
  profile: '<ul><li>NMC registration</li></ul>',
  city: 'Glasgow',
  postcode: 'G4 0SF',
  applyUrl: 'https://postroom.example/careers/demo/VAC-1/apply?src=t1&x=1',
  category: 'nursing',
  employmentType: 'permanent',
  hours: 'full_time',
  companyName: 'Demo Company',
  liveDays: 21,
};

describe('StepStone job feed documents (golden)', () => {
  it('INSERT carries the whole listing, categories from the connection table', () => {
    expect(jobfeedXml('INSERT', fields, settings)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><jobfeed><joblisting reference_id="VAC-1" action="INSERT" sender_id="8812" organisation_id="12345">' +
        '<channel><![CDATA[UK]]></channel><jobdetails><language><![CDATA[EN]]></language><jobtitle><![CDATA[Staff Nurse]]></jobtitle>' +
        '<tasks title="The role"><![CDATA[<p>Care for adults.</p>]]></tasks><profile title="About you"><![CDATA[<ul><li>NMC registration</li></ul>]]></profile>' +
        '<joblocations><location><countrycode><![CDATA[GB]]></countrycode><city><![CDATA[Glasgow]]></city><postalcode><![CDATA[G4 0SF]]></postalcode></location></joblocations>' +
        '<apply><url><![CDATA[https://postroom.example/careers/demo/VAC-1/apply?src=t1&x=1]]></url></apply>' +
        '<publish_duration><![CDATA[21]]></publish_duration></jobdetails>' +
        '<categorization><workfield id="1017"/><contracttype id="1"/><worktype id="5"/></categorization>' +
        '<companydetails><companyname><![CDATA[Demo Company]]></companyname></companydetails></joblisting></jobfeed>',
    );
  });

  it('OFFLINE names the listing only', () => {
    expect(jobfeedXml('OFFLINE', { reference: 'VAC-1' }, settings)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><jobfeed><joblisting reference_id="VAC-1" action="OFFLINE" sender_id="8812" organisation_id="12345"><channel><![CDATA[UK]]></channel></joblisting></jobfeed>',
    );
  });

  it('builds XML safely: CDATA ends split, no BOM or non-breaking spaces, attributes escaped', () => {
    const xml = jobfeedXml(
      'UPDATE',
      { ...fields, title: '\uFEFFNurse ]]> <b>&\u00A0"Band 5"', reference: 'A"<&' },
      { ...settings, senderId: undefined, organisationId: undefined, channel: undefined },
    );
    const root = parseXml(xml);
    const listing = root.children[0]!;
    expect(listing.attributes.reference_id).toBe('A"<&');
    expect(listing.children.find((c) => c.name === 'jobdetails')?.children[1]?.text).toBe(
      'Nurse ]]> <b>& "Band 5"',
    );
    expect(xml).not.toContain('\u00A0');
    expect(xml).not.toContain('\uFEFF');
  });

  it('sends the form StepStone reads, credentials redacted in the preview', () => {
    const request = stepstoneBoard.previewRequest(fields, settings);
    expect(request.url).toBe('https://feed.example.test/jobfeed.aspx');
    expect(request.headers?.['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.body).toEqual({
      xmlresponse: 'true',
      username: '3rdFeedDemoCompany',
      password: '[redacted]',
      xml: jobfeedXml('INSERT', fields, settings),
    });
  });
});

describe('StepStone prefill', () => {
  const vacancy = {
    reference: 'VAC.2026.1',
    title: 'Staff Nurse',
    description: '<p>Care</p>',
    workplace: 'hybrid',
    employmentType: 'permanent',
    hours: 'full_time',
    location: { line1: '1 High St', town: 'Glasgow', postcode: 'G4 0SF', country: 'GB' },
    salary: { min: 31000, max: 37000, period: 'year', currency: 'GBP' },
    summary: 'Join us & grow',
    replyToEmail: null,
    closingDate: '2030-03-21',
    category: 'Nursing',
    videoUrl: null,
    personSpecification: {
      essential: { qualifications: ['NMC <registration>'], experience: [], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
  } as unknown as Vacancy;
  const organisation = { name: 'Demo Company', about: 'We care.\n\nSince 1900.' } as Organisation;

  it('fills the boxes from the vacancy, escaped, and the days live to the closing date', () => {
    const filled = prefillStepStone({
      vacancy,
      organisation,
      trackingUrl: 'https://p.example/a?src=1',
      today: '2030-03-01',
    });
    expect(filled).toMatchObject({
      reference: 'VAC-2026-1',
      introduction: '<p>We care.</p><p>Since 1900.</p>',
      tasks: '<p>Care</p><p>Workplace: Hybrid (part on site, part at home)</p>',
      profile: '<p><strong>Essential</strong></p><ul><li>NMC &lt;registration&gt;</li></ul>',
      offer: '<p>Join us &amp; grow</p><p>£31,000 to £37,000 a year</p>',
      city: 'Glasgow',
      street: '1 High St',
      category: 'Nursing',
      companyName: 'Demo Company',
      liveDays: 21,
    });
    expect(
      stepstoneBoard.check(filled, { today: '2030-03-01' }).filter((i) => i.severity === 'error'),
    ).toEqual([]);
    expect(referenceOf('a.b c')).toBe('a-b-c');
  });
});
