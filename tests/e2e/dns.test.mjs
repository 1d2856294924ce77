// The extension's DoH client (extension/lib/dns.js) against issue 14's "DNS look-ups steered by
// the sender": the names come from the message, so the client caps them, keeps "no such record"
// for an hour, and tells resolvers that would forward the user's subnet not to. Plain Node (the
// module needs no browser API: without chrome.storage it caches in memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const d = await import(path.join(ROOT, 'extension', 'lib', 'dns.js'));

/** A fake JSON DoH server: NXDOMAIN for names starting with "none", a record otherwise. */
function fakeDoh() {
  const asked = [];
  const fetchImpl = async (url) => {
    const u = new URL(url);
    asked.push(u);
    const name = u.searchParams.get('name');
    const body = name.startsWith('none') ? { Status: 3 }
      : { Status: 0, Answer: [{ name, type: 16, TTL: 60, data: '"v=DKIM1; p=XYZ"' }] };
    return { ok: true, json: async () => body };
  };
  return { asked, fetchImpl };
}

test('dns.js: "no such record" is kept for an hour, found records for their TTL', async (t) => {
  const realNow = Date.now;
  let now = 1_800_000_000_000;
  Date.now = () => now;
  t.after(() => { Date.now = realNow; });
  await d.clearDnsCache();
  const { asked, fetchImpl } = fakeDoh();
  const endpoint = 'https://doh.test/dns-query';
  const names = ['none1._domainkey.sender.example', 's._domainkey.sender.example'];
  await d.resolveTxt(names, { endpoint, fetchImpl });
  assert.equal(asked.length, 2);
  now += 59 * 60 * 1000; // 59 minutes later: both still cached (the record's TTL is 60 s: no)
  const r = await d.resolveTxt(names, { endpoint, fetchImpl });
  assert.equal(asked.length, 3, 'the found record (TTL 60 s) is asked again, the missing one is not');
  assert.deepEqual(r.answers['none1._domainkey.sender.example'], []);
  now += 2 * 60 * 1000; // past the hour
  await d.resolveTxt(names, { endpoint, fetchImpl });
  assert.equal(asked.length, 5);
  assert.equal(d.NEGATIVE_TTL, 3600);
});

test('dns.js: the ECS opt-out goes to resolvers that take it, and only to them', async () => {
  await d.clearDnsCache();
  assert.deepEqual(d.ecsOptOut('https://dns.google/resolve'), ['edns_client_subnet', '0.0.0.0/0']);
  assert.equal(d.ecsOptOut(d.DEFAULT_ENDPOINT), null);
  assert.equal(d.ecsOptOut('https://dns.google.evil.example/resolve'), null);
  const { asked, fetchImpl } = fakeDoh();
  await d.resolveTxt(['_dmarc.a.example'], { endpoint: 'https://dns.google/resolve', fetchImpl });
  await d.resolveTxt(['_dmarc.b.example'], { endpoint: d.DEFAULT_ENDPOINT, fetchImpl });
  assert.equal(asked[0].searchParams.get('edns_client_subnet'), '0.0.0.0/0');
  assert.equal(asked[1].searchParams.has('edns_client_subnet'), false);
  assert.deepEqual([...asked[1].searchParams.keys()].sort(), ['name', 'type']);
});

test('dns.js: a message naming hundreds of keys gets at most MAX_NAMES look-ups, in its order', async () => {
  await d.clearDnsCache();
  const { asked, fetchImpl } = fakeDoh();
  const names = ['_dmarc.sender.example'];
  for (let i = 0; i < 500; i++) names.push(`s${i}._domainkey.sealer${i}.example`, `s${i}._domainkey.sealer${i}.example`);
  await d.resolveTxt(names, { endpoint: 'https://doh.test/dns-query', fetchImpl });
  assert.equal(d.MAX_NAMES, 16);
  assert.equal(asked.length, d.MAX_NAMES);
  const got = new Set(asked.map((u) => u.searchParams.get('name')));
  assert.ok(got.has('_dmarc.sender.example'), 'the first name (the DMARC record) is asked');
  assert.ok(got.has('s14._domainkey.sealer14.example') && !got.has('s15._domainkey.sealer15.example'));
});
