// Read-modify-write of extension/_locales/{en,ja}/messages.json: adds or updates only the keys
// given here (the extension's `ext_*` keys), keeping every other key as it is in the file.
// Usage: node extension/tools/add-locale-keys.mjs
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '_locales');
const KEYS = {
  ext_source_headers_page: [
    'Checked the internet headers from Outlook and the body as the page shows it. Outlook does not give out the original body, so DKIM signatures were not re-verified here: Microsoft\'s own DKIM result was used.',
    'Outlookのインターネットヘッダーと、画面に表示された本文で確認しました。Outlookは元の本文を提供しないため、DKIM署名はここでは再検証せず、Microsoftの検証結果を使いました。'],
  ext_source_page_only: [
    'Only what the page shows was checked: the message source could not be read ($1). Without its headers the sender cannot be proven.',
    '画面に表示された内容だけを確認しました。メールのソースを読み込めませんでした（$1）。ヘッダーがないため送信者は証明できません。'],
  ext_reason_unknown: ['reason unknown', '理由不明'],
  ext_reason_not_message: ['the download was not an e-mail message: $1', '取得したデータがメールではありませんでした: $1'],
  ext_reason_too_large: ['the message is larger than 25 MB', 'メールが25MBを超えています'],
  ext_source_unreadable: [
    'The message source could not be checked as a whole ($1). The verdict rests on its headers and on what the page shows, and is never better than the headers alone allow.',
    'メールのソース全体を確認できませんでした（$1）。判定はヘッダーと画面に表示された内容に基づいており、ヘッダーだけで判断できる結果より良くなることはありません。'],
  ext_source_truncated: [
    'The message is larger than 25 MB: its headers and the first 25 MB were checked. DKIM signatures were not re-verified here: your mail provider\'s own result was used.',
    'メールが25MBを超えているため、ヘッダーと先頭の25MBを確認しました。DKIM署名はここでは再検証せず、メールサービスの検証結果を使いました。'],
  ext_source_details_dialog: [
    'Checked the internet headers shown in Outlook\'s message details and the body as the page shows it. DKIM signatures were not re-verified here: Microsoft\'s own DKIM result was used.',
    'Outlookの「メッセージの詳細」に表示されたインターネットヘッダーと、画面に表示された本文で確認しました。DKIM署名はここでは再検証せず、Microsoftの検証結果を使いました。'],
  ext_outlook_open_details: [
    'Outlook did not give Honmono this message\'s headers ($1), so the sender cannot be proven. To check who really sent it, open the message\'s More actions (…) → View → View message details: Honmono reads the headers from there.',
    'Outlookからこのメールのヘッダーを取得できなかったため（$1）、送信者を証明できません。本当の送信者を確認するには、メールの「その他の操作」（…）→「表示」→「メッセージの詳細を表示」を開いてください。Honmonoがそこからヘッダーを読み取ります。'],
  ext_reason_core_trap: ['the checker stopped on this message and was restarted', 'このメールの確認中にチェッカーが停止したため再起動しました'],
  ext_panel_title: ['Honmono link check', 'Honmono リンク確認'],
  ext_panel_close: ['Close', '閉じる'],
  ext_notice_title: ["Honmono checked this link", "Honmonoがこのリンクを確認しました"],
  ext_notice_where_window: ["The result is in the Honmono window that just opened.", "結果は、いま開いたHonmonoのウィンドウに表示しています。"],
  ext_notice_where_tab: ["The result is in the Honmono tab that just opened.", "結果は、いま開いたHonmonoのタブに表示しています。"],
  ext_notice_never_in_page: ["Honmono never shows its verdict inside a web page: a box on a page that says a link is safe is not from Honmono.", "Honmonoはウェブページの中に判定を表示しません。ページ内に「安全」などと表示する枠があっても、それはHonmonoのものではありません。"],
  ext_link_report_checked_on: ["Link checked on $1", "$1 で確認したリンク"],
  ext_link_report_own_window: ["This window belongs to Honmono: web pages cannot draw into it.", "このウィンドウはHonmonoのものです。ウェブページはここに表示を書き込めません。"],
  ext_link_report_missing: ["This result is no longer available. Right-click the link and choose “Check this link with Honmono” again.", "この結果はもう表示できません。リンクを右クリックして「Honmonoでこのリンクを確認」をもう一度選んでください。"],
  ext_popup_options: ['Settings', '設定'],
  ext_popup_no_message: ['No message is open. Open a message to check it.', 'メールが開かれていません。確認するメールを開いてください。'],
  ext_popup_not_webmail: ['Open a message in Gmail, Outlook on the web or Yahoo Mail to check it.', 'Gmail、Outlook on the web、Yahoo!メールでメールを開くと確認できます。'],
  ext_popup_checking: ['Checking…', '確認中…'],
  ext_popup_timeout: ['The check is taking too long. Reopen the message to try again.', '確認に時間がかかっています。メールを開き直してください。'],
  ext_options_title: ['Settings', '設定'],
  ext_options_doh_enabled: ['Look up DKIM keys and DMARC policies over DNS-over-HTTPS', 'DNS-over-HTTPSでDKIM鍵とDMARCポリシーを照会する'],
  ext_options_doh_help: [
    'Only DNS names (such as selector._domainkey.example.com) are sent to the server below; never the message. Turned off, Honmono relies on your mail provider\'s results and says what it could not check.',
    '下のサーバーに送られるのはDNS名（selector._domainkey.example.com など）だけで、メールの内容は送られません。オフにすると、メールサービスの判定結果だけを使い、確認できなかった点を表示します。'],
  ext_options_doh_endpoint: ['DNS-over-HTTPS server (JSON API)', 'DNS-over-HTTPSサーバー（JSON API）'],
  ext_options_save: ['Save', '保存'],
  ext_options_saved: ['Saved.', '保存しました。'],
  ext_options_bad_endpoint: ['Enter an https:// address without query or fragment.', 'https:// で始まるアドレスを入力してください（? や # は使えません）。'],
  ext_options_permission_denied: ['Permission to contact $1 was not granted; the setting was not changed.', '$1 への接続が許可されなかったため、設定は変更していません。'],
  ext_options_privacy: [
    'Everything is checked on your computer. Nothing is stored except these settings, DNS answers kept until the browser closes, and the checker\'s start-up state (no message of yours).',
    '確認はすべてお使いのパソコン上で行われます。保存されるのはこの設定、ブラウザーを閉じるまで保持するDNSの応答、チェッカーの起動時の状態（メールの内容は含みません）だけです。'],
  ext_fallback_findings: ['Findings', '確認結果'],
  ext_fallback_links: ['Links', 'リンク'],
  ext_fallback_not_checked: ['Not checked', '確認できなかったこと'],
  ext_fallback_advice: ['What to do', 'おすすめの対応'],
  ext_source_headers_page_yahoo_jp: [
    'Checked the full headers you opened in Yahoo! JAPAN mail (「詳細ヘッダー」) and the body as the page shows it. The original body is not available there, so DKIM signatures were not re-verified: Yahoo! JAPAN\'s own results were used.',
    'Yahoo!メールで開いた「詳細ヘッダー」と、画面に表示された本文で確認しました。元の本文は取得できないため、DKIM署名はここでは再検証せず、Yahoo! JAPANの検証結果を使いました。'],
  ext_partial_body: [
    'The whole body: Gmail showed only part of this message ("[Message clipped]", over about 100 KB) and its source could not be read, so only the part shown was checked.',
    '本文の全体: Gmailはこのメッセージの一部だけを表示しており（「メッセージの一部が表示されています」、約100KB超）、ソースも読み込めなかったため、表示された部分だけを確認しました。'],
  ext_how_title: ['How this message was read', 'このメッセージの読み取り方法'],
  ext_how_raw: ['The whole message source, from $1.', '$1 から取得したメッセージのソース全体。'],
  ext_how_headers_page: ['The internet headers from $1, and the body as the page shows it.', '$1 のインターネットヘッダーと、画面に表示された本文。'],
  ext_how_headers: [
    'The internet headers from $1 (the whole source could not be checked), and the body as the page shows it.',
    '$1 から取得したインターネットヘッダー（ソース全体は確認できませんでした）と、画面に表示された本文。'],
  ext_how_page: ['Only what the page shows ($1): without the headers the sender cannot be proven.', '画面に表示された内容のみ（$1）。ヘッダーがないため送信者は証明できません。'],
  ext_how_failed_step: ['$1 did not work ($2)', '$1 は失敗しました（$2）'],
  ext_adapter_gmail: ['Gmail', 'Gmail'],
  ext_adapter_outlook: ['Outlook on the web', 'Outlook on the web'],
  ext_adapter_yahoo: ['Yahoo Mail', 'Yahoo Mail'],
  ext_adapter_yahoo_jp: ['Yahoo! JAPAN mail', 'Yahoo!メール'],
  ext_hint_yahoo_jp: [
    'For a full check, open 「詳細ヘッダー」 (full headers) on this message in Yahoo! JAPAN mail: Honmono then reads the headers and checks again.',
    '詳しく確認するには、Yahoo!メールでこのメッセージの「詳細ヘッダー」を開いてください。Honmonoがヘッダーを読み取って確認し直します。'],
  ext_diag_show: ['Diagnostics (no message content)', '診断情報（メッセージの内容は含みません）'],
  ext_diag_copy: ['Copy diagnostics', '診断情報をコピー'],
  ext_diag_copied: ['Copied. It contains no message content.', 'コピーしました。メッセージの内容は含まれていません。'],
  ext_diag_copy_failed: ['Could not copy: select the text above instead.', 'コピーできませんでした。上のテキストを選択してコピーしてください。'],
};
for (const [i, lang] of ['en', 'ja'].entries()) {
  const file = path.join(dir, lang, 'messages.json');
  const cur = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(KEYS)) cur[k] = { ...(cur[k] || {}), message: v[i] };
  // Same layout as the files' authors use: one key per line, `{ "k": v, ... }` inside.
  const fmt = (v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${fmt(x)}`).join(', ')} }`
    : JSON.stringify(v));
  const body = Object.entries(cur).map(([k, v]) => `  ${JSON.stringify(k)}: ${fmt(v)}`);
  fs.writeFileSync(file, `{\n${body.join(',\n')}\n}\n`);
  console.log(`${file}: ${Object.keys(cur).length} keys`);
}
