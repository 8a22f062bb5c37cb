// Search without a server: exact look-up by manifest SHA-256 (api/v1/sha256/<ab>/<cd>.json), by export id
// (api/v1/export-id/<ab>/<cd>.json, ab cd = the first hex digits of SHA-256 of the id) and by sequence number (page
// arithmetic). One small shard per look-up, whatever the size of the index. Shard contents are untrusted text and
// reach the page through textContent and attributes built here only.
(() => {
  'use strict';

  const form = document.getElementById('search-form');
  const input = document.getElementById('q');
  const out = document.getElementById('search-results');
  if (!form || !input || !out) {
    return;
  }
  // The search page sits at the site root; data-root lets another page host the form.
  const root = form.dataset.root || '';
  const HEX64 = /^[0-9a-f]{64}$/;
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

  const entryPage = (seq) => 'entries/' + Math.floor(seq / 256) + '/' + seq + '.html';
  const validSeq = (s) => Number.isSafeInteger(s) && s >= 0;

  async function getJson(path, stats) {
    const res = await fetch(root + path, { credentials: 'omit' });
    if (res.status === 404) {
      return null;
    }
    if (!res.ok) {
      throw new Error(path + ': HTTP ' + res.status);
    }
    const body = await res.arrayBuffer();
    stats.push({ path, bytes: body.byteLength });
    const json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    if (!json || json.version !== 1 || !Array.isArray(json.entries)) {
      throw new Error(path + ': expected {"version":1,"entries":[...]}');
    }
    return json;
  }

  function para(text, cls) {
    const p = document.createElement('p');
    if (cls) {
      p.className = cls;
    }
    p.textContent = text;
    return p;
  }

  function resultList(hits) {
    const ol = document.createElement('ol');
    ol.className = 'search-hits';
    for (const h of hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = root + entryPage(h.seq); // built from a checked integer only
      a.textContent = 'Entry ' + h.seq;
      li.append(a);
      for (const [label, value] of h.fields) {
        const span = document.createElement('span');
        span.className = 'hit-field';
        span.textContent = ' ' + label + ' ' + value;
        li.append(span);
      }
      ol.append(li);
    }
    return ol;
  }

  async function bySha256(digest, stats) {
    const path = 'api/v1/sha256/' + digest.slice(0, 2) + '/' + digest.slice(2, 4) + '.json';
    const shard = await getJson(path, stats);
    const hits = (shard ? shard.entries : [])
        .filter((e) => e && e.manifest_sha256 === digest && validSeq(e.seq))
        .map((e) => ({ seq: e.seq, fields: [['manifest', e.manifest_sha256]] }));
    return { what: 'manifest SHA-256 ' + digest, hits };
  }

  async function byExportId(id, stats) {
    const h = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id))));
    const path = 'api/v1/export-id/' + h.slice(0, 2) + '/' + h.slice(2, 4) + '.json';
    const shard = await getJson(path, stats);
    const hits = (shard ? shard.entries : [])
        .filter((e) => e && e.export_id === id && validSeq(e.seq))
        .map((e) => ({ seq: e.seq, fields: [['export id', String(e.export_id)], ['manifest', String(e.manifest_sha256)]] }));
    return { what: 'export id "' + id + '"', hits };
  }

  async function bySeq(seq, stats) {
    // A HEAD request: the page's existence is the answer, and it costs no body.
    const path = entryPage(seq);
    const res = await fetch(root + path, { method: 'HEAD', credentials: 'omit' });
    stats.push({ path: path + ' (HEAD)', bytes: 0 });
    if (!res.ok && res.status !== 404) {
      throw new Error(path + ': HTTP ' + res.status);
    }
    return { what: 'sequence number ' + seq, hits: res.ok ? [{ seq, fields: [] }] : [] };
  }

  async function search(raw) {
    const q = raw.trim();
    out.replaceChildren();
    delete out.dataset.result;
    if (q === '') {
      return;
    }
    const stats = [];
    out.dataset.result = 'running';
    try {
      const digest = q.toLowerCase().replace(/^sha256:/, '');
      let r;
      if (HEX64.test(digest)) {
        r = await bySha256(digest, stats);
      } else if (/^(0|[1-9][0-9]{0,15})$/.test(q) && validSeq(Number(q))) {
        r = await bySeq(Number(q), stats);
      } else {
        r = await byExportId(q, stats);
      }
      out.append(para(r.hits.length === 0 ? 'No entry with ' + r.what + '.'
          : r.hits.length + (r.hits.length === 1 ? ' entry' : ' entries') + ' with ' + r.what + ':'));
      if (r.hits.length > 0) {
        out.append(resultList(r.hits));
      }
      out.dataset.result = r.hits.length > 0 ? 'found' : 'none';
    } catch (err) {
      out.append(para('Search failed: ' + (err && err.message ? err.message : String(err)), 'fail'));
      out.dataset.result = 'fail';
    }
    const bytes = stats.reduce((n, s) => n + s.bytes, 0);
    out.dataset.bytes = String(bytes);
    out.append(para('Downloaded ' + bytes.toLocaleString('en') + ' bytes: '
        + (stats.length ? stats.map((s) => s.path + ' (' + s.bytes.toLocaleString('en') + ' bytes)').join(', ') : 'nothing')
        + '.', 'search-cost'));
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('q', input.value);
    history.replaceState(null, '', url);
    search(input.value);
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial !== null) {
    input.value = initial;
    search(initial);
  }
})();
