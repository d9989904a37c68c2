import { createHash } from 'node:crypto';
import { html, raw, type SafeHtml } from './html.js';

// Colours meet WCAG AA: #0b0c0c text (19:1), #1d4ed8 links (6.7:1), #505a5f muted text (7:1),
// white on #00703c buttons (5.9:1), #d4351c error red (4.5:1); focus is a thick yellow-and-black outline that shows on any background.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1.1875rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0b0c0c;background:#fff}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
a{color:#1d4ed8;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:3px}
:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a:focus-visible{background:#ffdd00;color:#0b0c0c;box-shadow:0 4px #0b0c0c;outline:none;text-decoration:none}
.skip{position:absolute;left:-9999px;top:0;padding:.5rem 1rem}
.skip:focus{left:0;z-index:1}
.vh{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;overflow:hidden!important;clip-path:inset(50%)!important;white-space:nowrap!important}
header{background:#0b0c0c;color:#fff;padding:.75rem 0}
header a,header a:visited{color:#fff;font-weight:700;text-decoration:none}
header a:focus-visible{color:#0b0c0c}
main{display:block;padding:1.5rem 0 3rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 1.5rem}
h2{font-size:1.5rem;margin:2rem 0 1rem}
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
.muted{color:#505a5f}
form.search{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));align-items:end;background:#f3f2f1;padding:1rem;margin-bottom:1.5rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
input,select{font:inherit;width:100%;min-height:2.5rem;padding:.25rem .5rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
button,.button{display:inline-block;font:inherit;font-weight:700;min-height:2.5rem;padding:.4rem 1rem;border:0;border-radius:0;background:#00703c;color:#fff;text-decoration:none;cursor:pointer;box-shadow:0 2px #002d18}
.button:visited{color:#fff}
button:hover,.button:hover{background:#005a30;color:#fff}
ul.results{list-style:none;padding:0;margin:0}
ul.results li{border-top:1px solid #b1b4b6;padding:1rem 0}
ul.results h3{margin:0 0 .25rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
@media (max-width:30em){dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin-bottom:.5rem}}
.closing{font-weight:700;font-size:1.3rem}
nav.pages ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0}
nav.pages a{display:inline-block;min-width:2.75rem;min-height:2.75rem;padding:.5rem;text-align:center}
nav.pages a[aria-current=page]{font-weight:700;color:#0b0c0c;text-decoration:none;border:2px solid #0b0c0c}
footer{border-top:1px solid #b1b4b6;padding:1rem 0;font-size:1rem}
.field{margin-bottom:1.75rem}
.field-error{border-left:5px solid #d4351c;padding-left:1rem}
.hint{color:#505a5f;margin:0 0 .35rem}
.error-message{color:#d4351c;font-weight:700;margin:0 0 .35rem}
.field-error input,.field-error textarea{border-color:#d4351c}
textarea{font:inherit;width:100%;min-height:8rem;padding:.25rem .5rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
input[type=file]{border:0;padding:0}
.checkbox{display:flex;gap:.75rem;align-items:flex-start}
.checkbox input{flex:none;width:2.25rem;height:2.25rem;min-height:0;margin:0}
.checkbox label{font-weight:400;margin:.35rem 0 0}
.error-summary{border:5px solid #d4351c;padding:1rem 1.25rem;margin-bottom:2rem}
.error-summary h2{margin-top:0}
.error-summary ul{padding-left:1.25rem;margin:0}
.error-summary a,.error-summary a:visited{color:#d4351c;font-weight:700}
.panel{background:#00703c;color:#fff;padding:1.5rem;margin-bottom:2rem}
.panel h1{margin:0 0 .5rem}
.panel p{margin:0}
`.trim();

/** The page style's hash, so the Content-Security-Policy can allow this style block and nothing else. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * No script runs on the careers site (the JSON-LD block is data, which browsers never execute),
 * no frame may hold it, and forms post only to it.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface LayoutOptions {
  title: string;
  organisation: { name: string; listPath: string } | null;
  /** Extra elements for the head (canonical link, JSON-LD). */
  head?: SafeHtml;
  body: SafeHtml;
}

export function layout({ title, organisation, head, body }: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLE)}</style>
${head}
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><div class="wrap">${
    organisation ? html`<a href="${organisation.listPath}">${organisation.name} careers</a>` : 'Careers'
  }</div></header>
<main id="main" tabindex="-1"><div class="wrap">
${body}
</div></main>
<footer><div class="wrap"><p class="muted">${
    organisation ? html`Vacancies at ${organisation.name}.` : ''
  } Powered by Postroom.</p></div></footer>
</body>
</html>
`.value;
}
