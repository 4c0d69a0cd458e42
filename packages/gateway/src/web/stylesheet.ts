/**
 * The web UI's one stylesheet, served at `/assets/reelay.css`. It lives in a module so that the
 * TypeScript build carries it into `dist/` with the code that serves it. Colours keep at least
 * 4.5:1 contrast against their backgrounds; focus is always visible.
 */
export const STYLESHEET = `
:root {
  --ink: #1b1f24; --muted: #4a5360; --paper: #ffffff; --surface: #f3f5f8; --line: #b9c3cf;
  --accent: #1f4fd1; --accent-dark: #173c9f; --danger: #a1221a; --ok: #146c2e;
  --note-bg: #fff4d6; --note-ink: #3d2800; --radius: 8px;
  color-scheme: light;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  line-height: 1.5; color: var(--ink); background: var(--surface);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
img, video { max-width: 100%; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; }
.sandbox-banner {
  background: var(--note-bg); color: var(--note-ink); border-bottom: 3px dashed #8a5a00;
  padding: 0.6rem 1rem; text-align: center;
}
.site-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
  padding: 0.75rem 1rem; background: var(--paper); border-bottom: 1px solid var(--line);
}
.brand { font-weight: 700; font-size: 1.2rem; color: var(--ink); text-decoration: none; }
.site-header ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.site-header a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.api-key { margin-left: auto; position: relative; }
.api-key > summary { cursor: pointer; font-weight: 600; color: var(--accent); padding: 0.6rem 0.25rem; }
.api-key-form {
  position: absolute; right: 0; top: 100%; z-index: 5; width: min(22rem, calc(100vw - 2rem));
  background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 1rem; box-shadow: 0 4px 16px rgba(27, 31, 36, 0.2);
}
.api-key-form > label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.api-key-alert { color: var(--danger); font-weight: 600; margin: 0 0 0.75rem; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
.site-footer { max-width: 76rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: 0.9rem; }
.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 1rem; margin: 0 0 1rem; min-width: 0;
}
fieldset.card > legend { font-weight: 700; padding: 0 0.25rem; }
.generate-layout, .job-layout { display: grid; gap: 1rem; align-items: start; }
@media (min-width: 60rem) {
  .generate-layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  .generate-layout .job-panel { position: sticky; top: 1rem; }
  .job-layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  .job-layout .job-panel { grid-row: span 2; }
}
.field { margin: 0 0 0.9rem; }
.field > label, .field > legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
fieldset.field { border: 0; padding: 0; }
.mode label { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; margin: 0.2rem 0; }
input, select, textarea, button { font: inherit; }
input:not([type="radio"]):not([type="checkbox"]), select, textarea {
  width: 100%; padding: 0.45rem 0.55rem; border: 1px solid #6b7785; border-radius: 6px;
  background: var(--paper); color: var(--ink);
}
input[type="radio"], input[type="checkbox"] { width: 1.2rem; height: 1.2rem; accent-color: var(--accent); }
select:disabled, input:disabled, textarea:disabled { background: var(--surface); color: var(--muted); }
.checkbox { display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; align-items: center; }
.checkbox > .hint, .checkbox > .field-issue { grid-column: 1 / -1; }
.settings { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 1rem; }
.settings > legend { grid-column: 1 / -1; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
.field-issue { color: var(--danger); font-weight: 600; margin: 0.3rem 0 0; }
[aria-invalid="true"] { border-color: var(--danger) !important; box-shadow: 0 0 0 1px var(--danger); }
.form-alert, .failure {
  border: 2px solid var(--danger); border-radius: var(--radius); padding: 0.75rem 1rem;
  margin: 0 0 1rem; background: #fdf0ef;
}
.form-alert ul { margin: 0.5rem 0 0; padding-left: 1.2rem; }
.failure-what { font-weight: 700; margin-top: 0; }
.detail { color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.facts { margin: 0; display: grid; gap: 0.35rem; }
.facts > div { display: grid; grid-template-columns: minmax(7rem, 1fr) 2fr; gap: 0.5rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.notes { margin: 0.5rem 0 0; padding: 0; list-style: none; }
.notes li { background: var(--note-bg); color: var(--note-ink); border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0 0 0.4rem; }
.dropzone { border: 2px dashed #6b7785; border-radius: var(--radius); padding: 0.75rem; }
.dropzone.dragging { border-color: var(--accent); background: #eaf0ff; }
.image-preview { display: block; max-height: 12rem; margin: 0.5rem 0; border-radius: 4px; }
.image-facts { margin: 0.25rem 0; }
.upload-error { color: var(--danger); font-weight: 600; }
button, a.button {
  display: inline-block; padding: 0.55rem 1rem; border-radius: 6px; border: 2px solid var(--accent);
  cursor: pointer; text-decoration: none; font-weight: 600; min-height: 2.75rem;
}
button.primary, a.button { background: var(--accent); color: #ffffff; }
button.primary:hover, a.button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #ffffff; }
button.secondary { background: var(--paper); color: var(--accent); }
button:disabled { background: #d5dbe2; border-color: #d5dbe2; color: #3a424c; cursor: not-allowed; }
.submit-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; }
.progress-line { display: grid; grid-template-columns: auto 1fr auto; gap: 0.75rem; align-items: center; }
.progress-line label { font-weight: 600; }
progress { width: 100%; height: 1.1rem; accent-color: var(--accent); }
.percent { font-variant-numeric: tabular-nums; font-weight: 700; min-width: 3.5ch; text-align: right; }
.job-status { font-weight: 700; }
.result video { width: 100%; background: #000000; border-radius: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.5rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0 1rem; align-items: end; }
.filters button { margin-bottom: 0.9rem; }
.gallery { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.gallery-card { height: 100%; }
.gallery-card a { display: block; height: 100%; color: var(--ink); text-decoration: none; }
.gallery-card a:hover .gallery-prompt { text-decoration: underline; }
.thumb { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; object-fit: cover; background: #1b1f24; border-radius: 4px; }
.thumb-placeholder { display: grid; place-items: center; color: #ffffff; }
.gallery-prompt { margin: 0.5rem 0 0.25rem; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }
.gallery-meta { color: var(--muted); font-size: 0.9rem; margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 700; padding: 0 0.4rem; border-radius: 4px; border: 1px solid currentColor; }
.badge[data-status="succeeded"] { color: var(--ok); }
.badge[data-status="failed"], .badge[data-status="cancelled"] { color: var(--danger); }
.badge[data-status="queued"], .badge[data-status="running"] { color: var(--accent); }
.load-more { display: block; margin: 0 auto 1rem; }
.job-id { font-family: ui-monospace, monospace; font-size: 1rem; overflow-wrap: anywhere; }
.timeline { margin: 0; padding-left: 1.2rem; }
.timeline li { margin: 0 0 0.4rem; }
.timeline time { color: var(--muted); font-size: 0.9rem; margin-left: 0.4rem; }
`;

/** The site icon: a play mark. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f4fd1"/><path d="M12 9l12 7-12 7z" fill="#fff"/></svg>`;
