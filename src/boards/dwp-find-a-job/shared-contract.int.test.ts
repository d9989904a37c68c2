import { boardContract } from '../../../test/support/board-contract.js';
import { dwpFindAJobBoard as board } from './index.js';

// The shared adapter contract against the Find a job sandbox, over real SFTP. Find a job answers
// after its daily import: reading the sandbox's adverts runs that import first.

const runImportThenRead = async (baseUrl: string) => {
  await fetch(`${baseUrl}/_import`, { method: 'POST' });
  return board.sandbox.adverts(baseUrl);
};

boardContract({
  board,
  badSettings: (baseUrl) => ({ ...board.sandbox.demoSettings(baseUrl), password: 'not-the-password' }),
  change: {
    fields: { title: 'Senior Care Assistant' },
    stored: (body) => body.Title,
    expected: 'Senior Care Assistant',
  },
  invalid: { fields: { postcode: '' }, field: 'postcode' },
  inspect: runImportThenRead,
  today: new Date().toISOString().slice(0, 10),
  answersRateLimits: false,
  mediaType: /xml/,
  // Every call opens an SSH session (key exchange and login) before it writes a file.
  callTimeoutMs: 3_000,
});
