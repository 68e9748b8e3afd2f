/**
 * The pieces every hosted page is made of: the document (brand, language, styles under the CSP nonce), form fields
 * with their labels, hints and errors, the error summary, the CSRF field and the password policy. All markup is
 * written with `html` (shared/domain/html.ts), which escapes every value.
 */
import type { Brand } from '#domain/brand.ts';
import { type Html, html, safeUrl, trusted } from '#domain/html.ts';
import type { Translator } from '#domain/i18n.ts';
import { passwordPolicy } from '#domain/password-policy.ts';

/** The relative luminance of `#rrggbb` (WCAG 2.1). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White or near-black text, whichever reads better on the brand colour (a light brand colour gets dark text). */
export function textOn(color: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) return '#ffffff';
  const l = luminance(color);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111';
}

const brandColor = (brand: Brand) => (/^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : '#1f5fbf');

/**
 * The stylesheet: one small block, under the response's nonce; the brand colour as a custom property. Our own text
 * (trusted: CSS must not be HTML-escaped); the only value in it, the colour, is checked as `#rrggbb` first.
 */
function styles(brand: Brand): string {
  const color = brandColor(brand);
  return `:root{--brand:${color};--on-brand:${textOn(color)};color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
.wrap{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}
header{padding:1rem 0;display:flex;align-items:center;gap:.75rem;font-weight:600;font-size:1.125rem}
header img{max-height:40px;max-width:200px}
main{background:#fff;border:1px solid #d5d8dd;border-radius:8px;padding:1.5rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.125rem;margin:0 0 .5rem}
p,form{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.field{margin-bottom:1rem}
.hint{color:#4a4f57;font-size:.9375rem;margin:.125rem 0 .375rem}
input[type=text],input[type=email],input[type=password],input[type=tel]{width:100%;padding:.625rem .75rem;font:inherit;border:1px solid #6b7280;border-radius:6px;background:#fff;color:#1a1a1a}
input[aria-invalid=true]{border:2px solid #b42318}
input:focus,button:focus,a:focus{outline:3px solid #ffbf47;outline-offset:2px}
.field-error{color:#b42318;font-weight:600;margin:.25rem 0}
.error-summary{border:2px solid #b42318;border-radius:6px;padding:1rem;margin-bottom:1rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b42318}
.notice{border-left:4px solid var(--brand);background:#f0f4fa;padding:.75rem 1rem;margin-bottom:1rem}
.button{display:inline-block;padding:.625rem 1.25rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:var(--brand);color:var(--on-brand);cursor:pointer;text-decoration:none}
.button.secondary{background:#e5e7eb;color:#1a1a1a}
.policy{margin:.25rem 0 .5rem;padding-left:0;list-style:none;font-size:.9375rem;color:#4a4f57}
.policy li::before{content:"○ ";}
.policy li[data-met=true]{color:#0b6b2e}
.policy li[data-met=true]::before{content:"✓ ";}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.0625rem;letter-spacing:.05em;word-break:break-all}
.qr svg{width:200px;height:200px}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}
th,td{text-align:left;padding:.375rem .5rem;border-bottom:1px solid #d5d8dd}
section{margin-bottom:1.5rem}
dd{margin:0 0 1rem}
blockquote{margin:0 0 1rem;padding-left:1rem;border-left:3px solid #9aa0a8;color:#333}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{font-size:.875rem;color:#4a4f57;padding:1rem 0}
footer a{color:#1f4f99}
a{color:#1f4f99}`;
}

/** What every view renders with: the visitor's language, the brand in effect and this response's CSP nonce. */
export interface PageView {
  t: Translator;
  brand: Brand;
  nonce: string;
}

/** A view with a form: also the CSRF token its hidden field carries. */
export interface FormView extends PageView {
  csrf: string;
}

export interface LayoutInput extends PageView {
  /** The page's heading and the start of its title. */
  title: string;
  main: Html;
  /** Scripts of the page (each must carry the nonce). */
  script?: Html;
}

/** The whole document. */
export function layout({ t, brand, nonce, title, main, script }: LayoutInput): Html {
  const logo = safeUrl(brand.logoUrl);
  const supportUrl = safeUrl(brand.supportUrl);
  const supportMail = brand.supportEmail ? safeUrl(`mailto:${brand.supportEmail}`) : undefined;
  return html`<html lang="${t.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – ${brand.name}</title>
<style nonce="${nonce}">${trusted(styles(brand))}</style>
</head>
<body>
<div class="wrap">
<header>${logo ? html`<img src="${logo}" alt="${brand.name}">` : html`<span>${brand.name}</span>`}</header>
<main id="main">
<h1>${title}</h1>
${main}
</main>
<footer>
${
  supportMail || supportUrl
    ? html`<p>${t.t('page.help')} ${supportMail ? html`<a href="${supportMail}">${brand.supportEmail}</a>` : ''}${
        supportMail && supportUrl ? ' · ' : ''
      }${supportUrl ? html`<a href="${supportUrl}">${t.t('page.supportSite')}</a>` : ''}</p>`
    : ''
}${brand.legalFooter ? html`<p>${brand.legalFooter}</p>` : ''}
</footer>
</div>
${script ?? ''}
</body>
</html>`;
}

export interface FieldInput {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  required?: boolean;
  /** Shown under the label, tied to the input by aria-describedby. */
  hint?: string | Html;
  /** The field's own error, shown and announced with the field. */
  error?: string;
  value?: string;
  inputmode?: 'numeric' | 'email' | 'text';
  /** Extra attributes' worth of constraints for no-JS browsers. */
  pattern?: string;
  maxlength?: number;
  /** More markup under the input (the password policy). */
  after?: Html;
}

/** A labelled input: hint and error are tied to it (aria-describedby), an error marks it aria-invalid. */
export function formField(f: FieldInput): Html {
  const id = `f-${f.name}`;
  const described = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${id}">${f.label}</label>
${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
${f.error ? html`<p class="field-error" id="${id}-error">${f.error}</p>` : ''}
<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}"${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${
    f.required ? html` required` : ''
  }${f.value !== undefined ? html` value="${f.value}"` : ''}${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${
    f.pattern ? html` pattern="${f.pattern}"` : ''
  }${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${
    f.error ? html` aria-invalid="true"` : ''
  }>
${f.after ?? ''}
</div>`;
}

export interface FieldError {
  /** The field's `name` (the summary links to it), or omitted for an error of the whole form. */
  field?: string;
  message: string;
}

/** The errors of a post, at the top of the form: announced at once (role=alert), each linking to its field. */
export function errorSummary(t: Translator, errors: readonly FieldError[]): Html {
  if (!errors.length) return html``;
  return html`<div class="error-summary" role="alert" aria-live="assertive" tabindex="-1" id="error-summary">
<h2>${t.t('page.errors.title')}</h2>
<ul>${errors.map((e) => html`<li>${e.field ? html`<a href="#f-${e.field}">${e.message}</a>` : e.message}</li>`)}</ul>
</div>`;
}

/** An announced notice (success, "a link is on its way"). */
export const notice = (content: Html | string): Html =>
  html`<div class="notice" role="status" aria-live="polite">${content}</div>`;

/** The hidden CSRF field every form carries. */
export const csrfField = (csrf: string): Html => html`<input type="hidden" name="csrf" value="${csrf}">`;

export const primaryButton = (label: string): Html => html`<button class="button" type="submit">${label}</button>`;

/** A link styled as the primary action ("Sign in" after success). */
export const primaryLink = (href: string, label: string): Html => html`<a class="button" href="${href}">${label}</a>`;

/**
 * Takes a link's token out of the address bar (and out of the back/forward list and anything copied from the bar) once
 * the page has it in its form. The browser's global history may still hold the address it opened: single use and
 * expiry are what protect a link. Without script the token stays in the bar, and `Referrer-Policy: no-referrer` still
 * keeps it out of every later request.
 */
export const dropTokenFromAddressBar = (nonce: string): Html =>
  html`<script nonce="${nonce}">history.replaceState(null,"",location.pathname)</script>`;

/** The password rules, each as a pattern the server and the page's script both check. */
export const passwordRules = [
  { id: 'length', test: `^[\\s\\S]{${passwordPolicy.minLength},${passwordPolicy.maxLength}}$` },
  { id: 'lower', test: '[a-z]' },
  { id: 'upper', test: '[A-Z]' },
  { id: 'digit', test: '[0-9]' },
  { id: 'spaces', test: '^\\S(?:[\\s\\S]*\\S)?$' },
] as const;

/** The rules a password breaks, by id (the page shows each as its translated rule). */
export const brokenPasswordRules = (password: string) =>
  passwordRules.filter((r) => !new RegExp(r.test).test(password)).map((r) => r.id);

/**
 * The password policy, shown before the person types (a list under the field), and checked as they type by a few
 * lines of script under the nonce; without script the server checks it on post and says what is missing.
 */
export function passwordPolicyList(t: Translator, forField: string): Html {
  return html`<ul class="policy" id="f-${forField}-policy" data-policy-for="f-${forField}">
${passwordRules.map((r) => html`<li data-test="${r.test}">${t.t(`page.password.${r.id}`, { min: passwordPolicy.minLength })}</li>`)}
</ul>`;
}

/** The script of `passwordPolicyList`: marks each rule met or not as the person types. */
export const passwordPolicyScript = (nonce: string): Html =>
  html`<script nonce="${nonce}">document.querySelectorAll("[data-policy-for]").forEach(function(l){var i=document.getElementById(l.getAttribute("data-policy-for"));if(!i)return;i.addEventListener("input",function(){l.querySelectorAll("li[data-test]").forEach(function(r){r.setAttribute("data-met",String(new RegExp(r.getAttribute("data-test")).test(i.value)))})})})</script>`;
