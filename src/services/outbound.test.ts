import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../boards/address-policy.js';
import { assertOutboundAllowed, OutboundRefused } from './outbound.js';

// IP literals and "localhost" (from /etc/hosts) only: these tests ask no DNS server anything.
const refusal = async (address: string, allow: string[] = []) => {
  try {
    await assertOutboundAllowed(address, allow);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundRefused);
    return (error as Error).message;
  }
};

describe('addresses a person typed (webhook endpoints)', () => {
  it('lets a public address through, on http or https', async () => {
    expect(await refusal('https://93.184.216.34/hooks')).toBeNull();
    expect(await refusal('http://93.184.216.34:8080/hooks')).toBeNull();
  });

  it('refuses other schemes and credentials in the address', async () => {
    expect(await refusal('ftp://93.184.216.34/')).toMatch(/https:\/\/ or http:\/\//);
    expect(await refusal('https://user:secret@93.184.216.34/')).toMatch(/user name or password/);
  });

  it('refuses private, loopback and link-local addresses unless the operator lists that address', async () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.10', '169.254.169.254', '[::1]'])
      expect(await refusal(`http://${ip}/`)).toMatch(/POSTROOM_BOARD_URL_ALLOW/);
    expect(await refusal('http://127.0.0.1:4000/', ['127.0.0.1'])).toBeNull();
    expect(await refusal('http://127.0.0.1:4000/', ['http://127.0.0.1:4000'])).toBeNull();
    expect(await refusal('http://127.0.0.1:4001/', ['http://127.0.0.1:4000'])).toMatch(/127\.0\.0\.1/);
  });

  it('never lets a host name vouch for a private address, even when its IP is listed', async () => {
    expect(await refusal('http://localhost:4000/', ['127.0.0.1'])).toMatch(/private, loopback/);
  });
});

describe('what counts as public', () => {
  it('judges IPv4 by the IPv4 ranges, and IPv4 inside IPv6 as IPv4', () => {
    expect(['8.8.8.8', '93.184.216.34', '2606:4700::1111'].map(isPublicAddress)).toEqual([true, true, true]);
    const notPublic = ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::1', 'fe80::1', 'fd00::1'];
    expect(notPublic.map(isPublicAddress)).toEqual(notPublic.map(() => false));
  });
});
