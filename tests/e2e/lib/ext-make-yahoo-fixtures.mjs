// Derives the Yahoo Mail and Yahoo! JAPAN fixture mails (tests/e2e/fixtures/mail/yahoo*.eml)
// from the extension's own Gmail fixtures: the message as the sender wrote it (from its
// DKIM-Signature or From line on, signature intact) under the trace headers each provider adds.
// Run after ext-make-fixtures.mjs: node tests/e2e/lib/ext-make-yahoo-fixtures.mjs
//
// Yahoo Mail's trace headers follow real ones quoted in public write-ups (`Received: from 127.0.0.1
// by atlas-production.v2-mail-prod1-gq1.omega.yahoo.com with HTTP`, `Authentication-Results:
// atlas-production…omega.yahoo.com; dkim=pass header.i=@… header.s=…; spf=pass smtp.mailfrom=…;
// dmarc=pass(p=…) header.from=…;`, X-Apparently-To). Yahoo! JAPAN's receiving hop is written after
// the kks.yahoo.co.jp host names seen in public mail archives; its A-R layout is an assumption.
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'mail');
const crlf = (s) => s.replace(/\r?\n/g, '\r\n');

/** The part of a fixture the sender wrote: from its DKIM-Signature (or From) header on. */
function senderPart(file) {
  const s = fs.readFileSync(path.join(dir, file), 'latin1');
  const at = s.search(/^(DKIM-Signature|From):/m);
  if (at < 0) throw new Error(`${file}: no DKIM-Signature/From line`);
  return s.slice(at);
}

const yahoo = (ip, helo, mailfrom, ar) => crlf([
  'Received: from 127.0.0.1',
  ' by atlas-production.v2-mail-prod1-gq1.omega.yahoo.com with HTTP; Tue, 17 Nov 2026 09:02:04 +0000',
  `Return-Path: <${mailfrom}>`,
  `X-Originating-Ip: [${ip}]`,
  `Received-SPF: pass (domain of ${mailfrom.split('@')[1]} designates ${ip} as permitted sender)`,
  'Authentication-Results: atlas-production.v2-mail-prod1-gq1.omega.yahoo.com;',
  ...ar.map((l) => ` ${l}`),
  'X-Apparently-To: hanako.test@yahoo.com; Tue, 17 Nov 2026 09:02:04 +0000',
  `Received: from ${ip} (EHLO ${helo})`,
  ' by 10.217.136.72 with SMTPs',
  ' (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256);',
  ' Tue, 17 Nov 2026 09:02:03 +0000',
  '',
].join('\n'));

const yahooJp = (ip, helo, mailfrom, ar) => crlf([
  `Return-Path: <${mailfrom}>`,
  'Received: from mta5015.mail.kks.yahoo.co.jp with HTTP; Tue, 17 Nov 2026 18:02:04 +0900',
  'Authentication-Results: mta5015.mail.kks.yahoo.co.jp;',
  ...ar.map((l) => ` ${l}`),
  `Received: from ${helo} (${helo} [${ip}])`,
  ' by mta5015.mail.kks.yahoo.co.jp with ESMTPS; Tue, 17 Nov 2026 18:02:03 +0900',
  '',
].join('\n'));

const mailfromG = '0101019a1b2c3d4e-honmono@bounces.amazon.co.jp';
const genuine = senderPart('gmail-genuine.eml');
const phish = senderPart('gmail-phish.eml');
const files = {
  'yahoo-genuine.eml': yahoo('54.240.27.10', 'a27-10.smtp-out.us-west-2.amazonses.com', mailfromG, [
    'dkim=pass header.i=@amazon.co.jp header.s=honmonotest;',
    'spf=pass smtp.mailfrom=bounces.amazon.co.jp;',
    'dmarc=pass(p=QUARANTINE) header.from=amazon.co.jp;',
  ]) + genuine,
  'yahoo-phish.eml': yahoo('203.0.113.77', 'mail.acount-secure.top', 'bounce@acount-secure.top', [
    'dkim=unknown;',
    'spf=pass smtp.mailfrom=acount-secure.top;',
    'dmarc=unknown header.from=amazon-co-jp.acount-secure.top;',
  ]) + phish,
  'yahoojp-genuine.eml': yahooJp('54.240.27.10', 'a27-10.smtp-out.us-west-2.amazonses.com', mailfromG, [
    'spf=pass smtp.mailfrom=bounces.amazon.co.jp;',
    'dkim=pass header.d=amazon.co.jp header.s=honmonotest;',
    'dmarc=pass header.from=amazon.co.jp',
  ]) + genuine,
  'yahoojp-phish.eml': yahooJp('203.0.113.77', 'mail.acount-secure.top', 'bounce@acount-secure.top', [
    'spf=pass smtp.mailfrom=acount-secure.top;',
    'dkim=none;',
    'dmarc=none header.from=amazon-co-jp.acount-secure.top',
  ]) + phish,
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text, 'latin1');
console.log(`written: ${Object.keys(files).join(', ')}`);
