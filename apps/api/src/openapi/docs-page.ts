/**
 * A small self-contained API explorer (the machine that serves it may have no internet, so no CDN): it
 * reads /docs/openapi.json, lists every operation by tag with its parameters and schemas, and sends a
 * request with the bearer token typed in. The script is a separate same-origin file because the content
 * security policy forbids inline scripts.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Onething API</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em}
details{border:1px solid #ccc;border-radius:4px;margin:.3em 0;padding:.3em .6em}
summary{cursor:pointer}.m{display:inline-block;width:4.5em;font-weight:bold}
pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em}
input,textarea{font:inherit;width:100%;box-sizing:border-box}label{display:block;margin:.2em 0}
</style>
</head>
<body>
<h1>Onething API</h1>
<p>OpenAPI 3.1 document: <a href="/docs/openapi.json">/docs/openapi.json</a></p>
<label>Bearer token <input id="token" placeholder="access token from POST /auth/login"></label>
<div id="operations">Loading…</div>
<script src="/docs/explorer.js"></script>
</body>
</html>
`;

export const DOCS_SCRIPT = `'use strict';
(async function () {
  const spec = await (await fetch('/docs/openapi.json')).json();
  const root = document.getElementById('operations');
  root.textContent = '';
  const el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props || {});
    for (const child of children) node.append(child);
    return node;
  };
  const byTag = {};
  for (const [path, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item))
      (byTag[(op.tags || ['other'])[0]] ||= []).push({ path, method, op });
  for (const tag of Object.keys(byTag).sort()) {
    root.append(el('h2', { textContent: tag }));
    for (const { path, method, op } of byTag[tag]) root.append(operation(path, method, op));
  }
  function operation(path, method, op) {
    const box = el('details');
    box.append(el('summary', {}, el('span', { className: 'm', textContent: method.toUpperCase() }), path + ' — ' + (op.summary || '')));
    box.append(el('p', { textContent: op.description || '' }));
    const inputs = {};
    for (const p of op.parameters || []) {
      inputs[p.in + ':' + p.name] = el('input', { placeholder: JSON.stringify(p.schema || {}) });
      box.append(el('label', { textContent: p.in + ' ' + p.name + (p.required ? ' *' : '') }, inputs[p.in + ':' + p.name]));
    }
    let body;
    if (op.requestBody) {
      body = el('textarea', { rows: 6, placeholder: JSON.stringify(op.requestBody.content['application/json'].schema, null, 1) });
      box.append(el('label', { textContent: 'JSON body' }, body));
    }
    const out = el('pre');
    box.append(el('button', { textContent: 'Send', onclick: () => send(path, method, op, inputs, body, out) }), out);
    box.append(el('details', {}, el('summary', { textContent: 'Responses' }), el('pre', { textContent: JSON.stringify(op.responses, null, 1) })));
    return box;
  }
  async function send(path, method, op, inputs, body, out) {
    const query = new URLSearchParams();
    const headers = {};
    for (const [key, input] of Object.entries(inputs)) {
      const [where, name] = key.split(':');
      if (!input.value) continue;
      if (where === 'path') path = path.replace('{' + name + '}', encodeURIComponent(input.value));
      if (where === 'query') query.set(name, input.value);
      if (where === 'header') headers[name] = input.value;
    }
    const token = document.getElementById('token').value.trim();
    if (token) headers.authorization = 'Bearer ' + token;
    if (body && body.value) headers['content-type'] = 'application/json';
    const response = await fetch(path + (query.size ? '?' + query : ''), { method: method.toUpperCase(), headers, body: body && body.value ? body.value : undefined });
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON */ }
    out.textContent = response.status + ' ' + response.statusText + '\\n' + shown;
  }
})();
`;
