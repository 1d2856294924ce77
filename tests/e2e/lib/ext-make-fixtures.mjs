// Generates the extension's own fixture mails (tests/e2e/fixtures/mail/): a genuine Amazon.co.jp
// mail DKIM-signed with a throwaway key (its public half goes to dns.tsv, served by the test's
// DNS-over-HTTPS route) and a phishing lookalike, each as received by Gmail and by Outlook.com.
// The private key is not kept. Run: node tests/e2e/lib/ext-make-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { dkimSign } = require('mailauth/lib/dkim/sign');
const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'mail');
fs.mkdirSync(dir, { recursive: true });

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const SELECTOR = 'honmonotest';

const b64 = (s) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
const qpish = (html) => Buffer.from(html, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

const GENUINE_BODY = `<html><body><p>いつもAmazon.co.jpをご利用いただきありがとうございます。</p>
<p>Kumquat7731: お客様のAmazonポイントの有効期限が近づいています。</p>
<p><a href="https://www.amazon.co.jp/gp/css/order-history?ref_=pe_honmono">注文履歴を確認する</a></p>
<p><a href="https://www.amazon.co.jp/gp/help/customer/display.html">ヘルプ</a></p>
</body></html>`;
const PHISH_BODY = `<html><body><p>Amazon.co.jp お客様</p>
<p>Kumquat7731: お客様のアカウントは一時停止されました。24時間以内に情報を更新しないとアカウントが削除されます。</p>
<p><a href="https://amazon-co-jp.acount-secure.top/ap/signin?id=8812">https://www.amazon.co.jp/ap/signin</a></p>
</body></html>`;

const common = (from, subject, msgid) => [
  `From: ${from}`,
  'To: hanako.test@gmail.com',
  `Subject: ${subject}`,
  'Date: Tue, 17 Nov 2026 09:02:00 +0000',
  `Message-ID: <${msgid}>`,
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=UTF-8',
  'Content-Transfer-Encoding: base64',
];

async function signed(headers, body) {
  const msg = crlf(`${headers.join('\n')}\n\n`) + body;
  const r = await dkimSign(msg, {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signTime: new Date('2026-11-17T09:02:01Z'),
    signatureData: [{ signingDomain: 'amazon.co.jp', selector: SELECTOR, privateKey: pem }],
  });
  if (r.errors?.length) throw new Error(String(r.errors));
  return r.signatures + msg;
}

const gmailTrace = (ip, helo, mailfrom, ar) => crlf([
  'Delivered-To: hanako.test@gmail.com',
  'Received: by 2002:a05:7208:9e8a:b0:a1:1234:5678 with SMTP id s10csp123456rbf;',
  '        Tue, 17 Nov 2026 01:02:03 -0800 (PST)',
  `Received: from ${helo} (${helo}. [${ip}])`,
  '        by mx.google.com with ESMTPS id 98e67ed59e1d1-2f3abc.2026.11.17.01.02.03',
  '        for <hanako.test@gmail.com>',
  '        (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128);',
  '        Tue, 17 Nov 2026 01:02:03 -0800 (PST)',
  ...ar,
  `Return-Path: <${mailfrom}>`,
  '',
].join('\n'));

const outlookTrace = (ip, helo, mailfrom, ar) => crlf([
  'Received: from TYCP286MB1234.JPNP286.PROD.OUTLOOK.COM (2603:1096:400:1::5) by',
  ' OS3P286MB5678.JPNP286.PROD.OUTLOOK.COM with HTTPS; Tue, 17 Nov 2026 09:02:04 +0000',
  'Received: from SG2PEPF000B66C9.apcprd03.prod.outlook.com (2603:1096:4:1::9) by',
  ' TYCP286MB1234.JPNP286.PROD.OUTLOOK.COM (2603:1096:400:1::5) with Microsoft SMTP',
  ' Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id',
  ' 15.20.8000.1; Tue, 17 Nov 2026 09:02:03 +0000',
  // The edge server adds its Authentication-Results above the hop it received the mail on.
  ...ar,
  `Received: from ${helo} (${ip}) by`,
  ' SG2PEPF000B66C9.mail.protection.outlook.com (10.167.240.20) with Microsoft SMTP',
  ' Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8000.1 via',
  ' Frontend Transport; Tue, 17 Nov 2026 09:02:03 +0000',
  `Return-Path: ${mailfrom}`,
  '',
].join('\n'));

const genuineHeaders = common(`${b64('Amazon.co.jp')} <store-news@amazon.co.jp>`,
  b64('Amazonポイントの有効期限のお知らせ Kumquat7731'), '0101019a-honmono-genuine@email.amazonses.com');
const genuine = await signed(genuineHeaders, crlf(qpish(GENUINE_BODY)) + '\r\n');
const phish = crlf(`${common(`${b64('Amazon.co.jp')} <account-update@amazon-co-jp.acount-secure.top>`,
  b64('【重要】Amazonアカウントが一時停止されました Kumquat7731'), '20261117090200.7731@acount-secure.top').join('\n')}\n\n`) +
  crlf(qpish(PHISH_BODY)) + '\r\n';

const mailfromG = '0101019a1b2c3d4e-honmono@bounces.amazon.co.jp';
const files = {
  'gmail-genuine.eml': gmailTrace('54.240.27.10', 'a27-10.smtp-out.us-west-2.amazonses.com', mailfromG, [
    'Authentication-Results: mx.google.com;',
    `       dkim=pass header.i=@amazon.co.jp header.s=${SELECTOR} header.b=AbCdEf12;`,
    `       spf=pass (google.com: domain of ${mailfromG} designates 54.240.27.10 as permitted sender) smtp.mailfrom=${mailfromG};`,
    '       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=amazon.co.jp',
  ]) + genuine,
  'gmail-phish.eml': gmailTrace('203.0.113.77', 'mail.acount-secure.top', 'bounce@acount-secure.top', [
    'Authentication-Results: mx.google.com;',
    '       spf=pass (google.com: domain of bounce@acount-secure.top designates 203.0.113.77 as permitted sender) smtp.mailfrom=bounce@acount-secure.top;',
    '       dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=amazon-co-jp.acount-secure.top',
  ]) + phish,
  'outlook-genuine.eml': outlookTrace('54.240.27.10', 'a27-10.smtp-out.us-west-2.amazonses.com', mailfromG, [
    'Authentication-Results: spf=pass (sender IP is 54.240.27.10)',
    ` smtp.mailfrom=bounces.amazon.co.jp; dkim=pass (signature was verified)`,
    ' header.d=amazon.co.jp;dmarc=pass action=none header.from=amazon.co.jp;compauth=pass',
    ' reason=100',
    'Received-SPF: Pass (protection.outlook.com: domain of bounces.amazon.co.jp designates',
    ' 54.240.27.10 as permitted sender) receiver=protection.outlook.com;',
    ' client-ip=54.240.27.10; helo=a27-10.smtp-out.us-west-2.amazonses.com; pr=C',
  ]) + genuine,
  'outlook-phish.eml': outlookTrace('203.0.113.77', 'mail.acount-secure.top', 'bounce@acount-secure.top', [
    'Authentication-Results: spf=pass (sender IP is 203.0.113.77)',
    ' smtp.mailfrom=acount-secure.top; dkim=none (message not signed)',
    ' header.d=none;dmarc=fail action=none header.from=amazon-co-jp.acount-secure.top;compauth=fail',
    ' reason=001',
  ]) + phish,
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
fs.writeFileSync(path.join(dir, 'dns.tsv'), [
  '# name\tTXT (throwaway test key generated by tests/e2e/lib/ext-make-fixtures.mjs; not Amazon\'s)',
  `${SELECTOR}._domainkey.amazon.co.jp\tv=DKIM1; k=rsa; p=${p}`,
  '_dmarc.amazon.co.jp\tv=DMARC1; p=quarantine; rua=mailto:dmarc-reports@amazon.com',
  '',
].join('\n'));
console.log(`fixtures written to ${dir}`);
