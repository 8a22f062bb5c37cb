// Verify in the browser: checks one entry page against the log with WebCrypto only, no library.
// Steps: verifier key, latest checkpoint (C2SP signed note, Ed25519), the entry from its bundle (C2SP tlog-tiles),
// its inclusion in the latest tree, the hash chain (prev), the page's kept checkpoint and its consistency with the
// latest, the manifest digest and the manifest's DSSE signature. Every fetched byte is untrusted; every failure stops
// the run and is shown (fail closed). Output goes through textContent only: manifest text is never parsed as HTML.
(() => {
  'use strict';

  const section = document.getElementById('verify');
  const button = document.getElementById('verify-button');
  const list = document.getElementById('verify-steps');
  const keyInput = document.getElementById('verify-key');
  if (!section || !button || !list || !keyInput) {
    return;
  }

  const WIDTH = 256n;
  const HASH = 32;
  const IN_TOTO = 'application/vnd.in-toto+json';
  const enc = new TextEncoder();
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const HEX64 = /^[0-9a-f]{64}$/;

  class Failure extends Error {
    constructor(step, message) {
      super(message);
      this.step = step;
    }
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    let d = 0;
    for (let i = 0; i < a.length; i++) {
      d |= a[i] ^ b[i];
    }
    return d === 0;
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Standard padded base64, canonical only (re-encoding gives the same text), as the Java verifier demands. */
  function base64(text, what) {
    let bin;
    try {
      bin = atob(text);
    } catch (e) {
      throw new Error(what + ': invalid base64');
    }
    const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    if (btoa(bin) !== text) {
      throw new Error(what + ': non-canonical base64');
    }
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  // ---- fetching, with a byte count (the figure the benchmark quotes) ----

  function makeFetcher(root) {
    const stats = { files: 0, bytes: 0 };
    const cache = new Map();
    async function get(path, optional) {
      if (cache.has(path)) {
        return cache.get(path);
      }
      // The checkpoint changes on every append; everything else is immutable or content-addressed.
      const res = await fetch(root + path, { cache: path === 'checkpoint' ? 'no-store' : 'default', credentials: 'omit' });
      if (!res.ok) {
        if (optional && res.status === 404) {
          return null;
        }
        throw new Error(path + ': HTTP ' + res.status);
      }
      const body = new Uint8Array(await res.arrayBuffer());
      stats.files++;
      stats.bytes += body.length;
      cache.set(path, body);
      return body;
    }
    // One entry's bytes (its 2-byte length prefix and the entry) by an HTTP range request, so a check downloads
    // one entry rather than its whole bundle; the inclusion proof authenticates those bytes. A host that ignores
    // ranges sends the whole bundle (200), which is parsed as before.
    async function getEntryRange(path, position, offset, length) {
      const key = path + '#' + offset + '+' + length;
      if (cache.has(key)) {
        return cache.get(key);
      }
      const res = await fetch(root + path, { credentials: 'omit',
        headers: { Range: 'bytes=' + offset + '-' + (offset + length - 1) } });
      if (!res.ok) {
        throw new Error(path + ': HTTP ' + res.status);
      }
      const body = new Uint8Array(await res.arrayBuffer());
      stats.files++;
      stats.bytes += body.length;
      let entry;
      if (res.status === 206) {
        const len = body.length >= 2 ? (body[0] << 8) | body[1] : -1;
        if (body.length !== length || len !== length - 2) {
          throw new Error(path + ': bytes ' + offset + '-' + (offset + length - 1) + ' are not entry ' + position
              + ' (length prefix ' + len + ', ' + body.length + ' bytes received)');
        }
        entry = body.slice(2);
      } else {
        entry = bundleEntry(body, position, path);
      }
      cache.set(key, entry);
      return entry;
    }
    return { get, getEntryRange, stats };
  }

  // ---- C2SP signed note and checkpoint ----

  function decodeUtf8(bytes, what) {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (e) {
      throw new Error(what + ': not well-formed UTF-8');
    }
    if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text)) {
      throw new Error(what + ': control character');
    }
    return text;
  }

  const validName = (n) => n.length > 0 && !/[\s+\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(n);

  /** Verifier key {@code name+hash+base64(0x01||pk)}; the hash is SHA-256(name || 0x0A || 0x01 || pk)[0:4]. */
  async function parseVerifierKey(vkey) {
    const first = vkey.indexOf('+');
    const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (second < 0) {
      throw new Error('expected name+hash+key');
    }
    const name = vkey.slice(0, first);
    const hashHex = vkey.slice(first + 1, second);
    if (!validName(name)) {
      throw new Error('invalid key name');
    }
    if (!/^[0-9a-f]{8}$/.test(hashHex)) {
      throw new Error('key hash must be 8 lowercase hex digits');
    }
    const raw = base64(vkey.slice(second + 1), 'key');
    if (raw.length !== 33 || raw[0] !== 0x01) {
      throw new Error('expected type 0x01 (Ed25519) and a 32-byte key');
    }
    const pk = raw.slice(1);
    const computed = (await sha256(concat(enc.encode(name), Uint8Array.of(0x0a, 0x01), pk))).slice(0, 4);
    if (hex(computed) !== hashHex) {
      throw new Error('key hash ' + hashHex + ' does not match the key (computed ' + hex(computed) + ')');
    }
    const key = await crypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
    return { name, hashHex, key };
  }

  /** Parses a signed note and verifies the signature of the trusted key; returns the signed text. */
  async function openNote(bytes, trusted, what) {
    const msg = decodeUtf8(bytes, what);
    const split = msg.lastIndexOf('\n\n');
    if (split < 0) {
      throw new Error(what + ': no blank line before the signature lines');
    }
    const text = msg.slice(0, split + 1);
    const sigs = msg.slice(split + 2);
    if (sigs.length === 0 || !sigs.endsWith('\n')) {
      throw new Error(what + ': signature lines missing or not ending in a newline');
    }
    const lines = sigs.slice(0, -1).split('\n');
    if (lines.length > 100) {
      throw new Error(what + ': too many signature lines');
    }
    let verified = false;
    const signers = [];
    for (const line of lines) {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m || !validName(m[1])) {
        throw new Error(what + ': malformed signature line');
      }
      const raw = base64(m[2], what + ': signature');
      if (raw.length < 5) {
        throw new Error(what + ': signature too short');
      }
      const keyHash = hex(raw.slice(0, 4));
      signers.push(m[1] + '+' + keyHash);
      if (verified || m[1] !== trusted.name || keyHash !== trusted.hashHex) {
        continue;
      }
      const sig = raw.slice(4);
      const ok = sig.length === 64 && await crypto.subtle.verify({ name: 'Ed25519' }, trusted.key, sig, enc.encode(text));
      if (!ok) {
        throw new Error(what + ': bad signature from the trusted key ' + trusted.name + '+' + trusted.hashHex);
      }
      verified = true;
    }
    if (!verified) {
      throw new Error(what + ': no signature from the trusted key ' + trusted.name + '+' + trusted.hashHex
          + ' (signed by ' + signers.join(', ') + ')');
    }
    return text;
  }

  function parseCheckpoint(text, what) {
    const lines = text.slice(0, -1).split('\n');
    if (lines.length < 3 || lines[0].length === 0) {
      throw new Error(what + ': expected origin, tree size and root hash lines');
    }
    if (!/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) {
      throw new Error(what + ': line 2 (tree size) is not a decimal number');
    }
    const root = base64(lines[2], what + ': line 3 (root hash)');
    if (root.length !== HASH) {
      throw new Error(what + ': root hash is not 32 bytes');
    }
    if (lines.slice(3).some((l) => l.length === 0)) {
      throw new Error(what + ': empty extension line');
    }
    return { origin: lines[0], size: BigInt(lines[1]), root, text };
  }

  async function signedCheckpoint(bytes, trusted, what) {
    const cp = parseCheckpoint(await openNote(bytes, trusted, what), what);
    // As the Java verifier: the origin must be the name of the key that signed it.
    if (cp.origin !== trusted.name) {
      throw new Error(what + ': origin "' + cp.origin + '" is not the trusted key name "' + trusted.name + '"');
    }
    return cp;
  }

  // ---- C2SP tlog-tiles and RFC 6962/9162 Merkle proofs (BigInt: sizes are 64-bit) ----

  function encodeIndex(n) {
    let s = String(n % 1000n).padStart(3, '0');
    n /= 1000n;
    while (n > 0n) {
      s = 'x' + String(n % 1000n).padStart(3, '0') + '/' + s;
      n /= 1000n;
    }
    return s;
  }

  function tilePath(kind, index, width) {
    return 'tile/' + kind + '/' + encodeIndex(index) + (width === WIDTH ? '' : '.p/' + width);
  }

  const stored = (level, size) => size >> (8n * BigInt(level));

  function widthAt(level, index, size) {
    const remaining = stored(level, size) - index * WIDTH;
    if (remaining <= 0n) {
      throw new Error('tile ' + level + '/' + index + ' is empty at tree size ' + size);
    }
    return remaining < WIDTH ? remaining : WIDTH;
  }

  async function leafHash(entry) {
    return sha256(concat(Uint8Array.of(0), entry));
  }

  async function nodeHash(left, right) {
    return sha256(concat(Uint8Array.of(1), left, right));
  }

  /** Stored hashes of the tree at {@code size}, read from hash tiles (partial tiles, else the full one). */
  function hashReader(fetcher, size) {
    async function tile(level, index) {
      const width = widthAt(level, index, size);
      let path = tilePath(String(level), index, width);
      let bytes = await fetcher.get(path, width !== WIDTH);
      if (bytes === null) {
        // A log may remove a partial tile once the full one exists; its first W hashes are the same.
        path = tilePath(String(level), index, WIDTH);
        bytes = await fetcher.get(path, false);
        if (bytes.length === Number(WIDTH) * HASH) {
          bytes = bytes.slice(0, Number(width) * HASH);
        }
      }
      if (bytes.length !== Number(width) * HASH) {
        throw new Error(path + ': ' + bytes.length + ' bytes, expected ' + Number(width) * HASH);
      }
      return bytes;
    }
    async function hash(level, index) {
      const tileLevel = Math.floor(level / 8);
      const sub = level % 8;
      const first = index << BigInt(sub);
      const count = 1 << sub;
      if (first + BigInt(count) > stored(tileLevel, size)) {
        throw new Error('subtree ' + level + '/' + index + ' is not complete at tree size ' + size);
      }
      const tileIndex = first / WIDTH;
      const t = await tile(tileLevel, tileIndex);
      const off = Number(first - tileIndex * WIDTH) * HASH;
      let row = [];
      for (let i = 0; i < count; i++) {
        row.push(t.slice(off + i * HASH, off + (i + 1) * HASH));
      }
      while (row.length > 1) {
        const next = [];
        for (let i = 0; i < row.length; i += 2) {
          next.push(await nodeHash(row[i], row[i + 1]));
        }
        row = next;
      }
      return row[0];
    }
    return { hash };
  }

  const bitLength = (n) => (n === 0n ? 0 : n.toString(2).length);
  const bitCount = (n) => n.toString(2).replace(/0/g, '').length;
  const trailingZeros = (n) => {
    let z = 0;
    while (n > 0n && (n & 1n) === 0n) {
      n >>= 1n;
      z++;
    }
    return z;
  };
  const powerBelow = (n) => 1n << BigInt(bitLength(n - 1n) - 1); // largest power of two < n, n >= 2

  /** MTH of leaves [lo, hi), lo aligned as RFC 9162 splits place it. */
  async function subtree(lo, hi, r) {
    const n = hi - lo;
    if ((n & (n - 1n)) === 0n) {
      const level = trailingZeros(n);
      return r.hash(level, lo >> BigInt(level));
    }
    const k = powerBelow(n);
    const left = await r.hash(trailingZeros(k), lo / k);
    return nodeHash(left, await subtree(lo + k, hi, r));
  }

  async function inclusionPath(m, lo, hi, r, out) {
    const n = hi - lo;
    if (n === 1n) {
      return;
    }
    const k = powerBelow(n);
    if (m < k) {
      await inclusionPath(m, lo, lo + k, r, out);
      out.push(await subtree(lo + k, hi, r));
    } else {
      await inclusionPath(m - k, lo + k, hi, r, out);
      out.push(await subtree(lo, lo + k, r));
    }
  }

  async function subproof(m, lo, hi, whole, r, out) {
    const n = hi - lo;
    if (m === n) {
      if (!whole) {
        out.push(await subtree(lo, hi, r));
      }
      return;
    }
    const k = powerBelow(n);
    if (m <= k) {
      await subproof(m, lo, lo + k, whole, r, out);
      out.push(await subtree(lo + k, hi, r));
    } else {
      await subproof(m - k, lo + k, hi, false, r, out);
      out.push(await subtree(lo, lo + k, r));
    }
  }

  const innerSize = (index, size) => bitLength(index ^ (size - 1n));

  async function chainInner(seed, proof, index) {
    let acc = seed;
    for (let i = 0; i < proof.length; i++) {
      acc = ((index >> BigInt(i)) & 1n) === 0n ? await nodeHash(acc, proof[i]) : await nodeHash(proof[i], acc);
    }
    return acc;
  }

  async function chainInnerRight(seed, proof, index) {
    let acc = seed;
    for (let i = 0; i < proof.length; i++) {
      if (((index >> BigInt(i)) & 1n) === 1n) {
        acc = await nodeHash(proof[i], acc);
      }
    }
    return acc;
  }

  async function chainBorderRight(seed, proof) {
    let acc = seed;
    for (const p of proof) {
      acc = await nodeHash(p, acc);
    }
    return acc;
  }

  /** RFC 9162 2.1.3.2: the root an audit path implies. */
  async function rootFromInclusion(index, size, leaf, proof) {
    const inner = innerSize(index, size);
    const border = bitCount(index >> BigInt(inner));
    if (proof.length !== inner + border) {
      throw new Error('inclusion proof has ' + proof.length + ' hashes, expected ' + (inner + border));
    }
    const acc = await chainInner(leaf, proof.slice(0, inner), index);
    return chainBorderRight(acc, proof.slice(inner));
  }

  /** RFC 9162 2.1.4.2; size1 < size2. */
  async function verifyConsistency(size1, size2, root1, root2, proof) {
    let inner = innerSize(size1 - 1n, size2);
    const border = bitCount((size1 - 1n) >> BigInt(inner));
    const shift = trailingZeros(size1);
    inner -= shift;
    const seedIsRoot1 = size1 === 1n << BigInt(shift);
    const start = seedIsRoot1 ? 0 : 1;
    if (proof.length !== start + inner + border) {
      throw new Error('consistency proof has ' + proof.length + ' hashes, expected ' + (start + inner + border));
    }
    const seed = seedIsRoot1 ? root1 : proof[0];
    const innerPath = proof.slice(start, start + inner);
    const borderPath = proof.slice(start + inner);
    const mask = (size1 - 1n) >> BigInt(shift);
    const hash1 = await chainBorderRight(await chainInnerRight(seed, innerPath, mask), borderPath);
    if (!bytesEqual(hash1, root1)) {
      throw new Error('the consistency proof does not lead to the root of tree size ' + size1);
    }
    const hash2 = await chainBorderRight(await chainInner(seed, innerPath, mask), borderPath);
    if (!bytesEqual(hash2, root2)) {
      throw new Error('the consistency proof does not lead to the root of tree size ' + size2
          + ': the latest tree does not extend the page\'s checkpoint');
    }
  }

  // ---- entries: C2SP entry bundles holding RFC 8785 canonical JSON ----

  function bundleEntry(bundle, position, path) {
    let at = 0;
    for (let i = 0; at < bundle.length; i++) {
      if (i === Number(WIDTH) || at + 2 > bundle.length) {
        throw new Error(path + ': malformed entry bundle at offset ' + at);
      }
      const len = (bundle[at] << 8) | bundle[at + 1];
      at += 2;
      if (at + len > bundle.length) {
        throw new Error(path + ': entry ' + i + ' is truncated');
      }
      if (i === position) {
        return bundle.slice(at, at + len);
      }
      at += len;
    }
    throw new Error(path + ': entry ' + position + ' is missing from the bundle');
  }

  /** RFC 8785 for the values an entry holds (strings, integers, objects): ES JSON.stringify with sorted keys. */
  function canonical(v) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
    }
    if (Array.isArray(v)) {
      return '[' + v.map(canonical).join(',') + ']';
    }
    return JSON.stringify(v);
  }

  // "offset+length" from a data attribute, or null (read the whole bundle).
  function pageRange(text) {
    const m = /^(0|[1-9][0-9]{0,8})\+([1-9][0-9]{0,5})$/.exec(text || '');
    return m ? [Number(m[1]), Number(m[2])] : null;
  }

  // range: [offset, length] of the entry inside its bundle, from the page (the same in every later, wider bundle).
  async function readEntry(fetcher, seq, size, range) {
    const index = seq / WIDTH;
    const path = tilePath('entries', index, widthAt(0, index, size));
    const bytes = range
      ? await fetcher.getEntryRange(path, Number(seq % WIDTH), range[0], range[1])
      : bundleEntry(await fetcher.get(path, false), Number(seq % WIDTH), path);
    const where = path + ' entry ' + seq % WIDTH;
    let e;
    try {
      e = JSON.parse(decodeUtf8(bytes, where));
    } catch (err) {
      throw new Error(where + ': ' + err.message);
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      throw new Error(where + ': not a JSON object');
    }
    if (!bytesEqual(enc.encode(canonical(e)), bytes)) {
      throw new Error(where + ': not RFC 8785 canonical JSON');
    }
    if (e.v !== 1 || e.seq !== Number(seq)) {
      throw new Error(where + ': expected v 1 and seq ' + seq + ', found v ' + e.v + ' and seq ' + e.seq);
    }
    if (!HEX64.test(e.manifest_sha256) || e.manifest_path !== 'manifests/' + e.manifest_sha256 + '.json'
        || !HEX64.test(e.prev)) {
      throw new Error(where + ': manifest_sha256, manifest_path or prev is malformed');
    }
    return { entry: e, bytes, leaf: await leafHash(bytes), path };
  }

  // ---- DSSE (PAE) with Ed25519 or ECDSA P-256 ----

  function pae(type, payload) {
    const t = enc.encode(type);
    return concat(enc.encode('DSSEv1 ' + t.length + ' '), t, enc.encode(' ' + payload.length + ' '), payload);
  }

  /** An ASN.1 DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs) as the raw r||s WebCrypto wants. */
  function derToRaw(der) {
    const fail = () => {
      throw new Error('malformed ECDSA signature (DER)');
    };
    let at = 0;
    const len = () => {
      let l = der[at++];
      if (l & 0x80) {
        const n = l & 0x7f;
        if (n !== 1) {
          fail();
        }
        l = der[at++];
      }
      return l;
    };
    if (der[at++] !== 0x30 || len() !== der.length - at) {
      fail();
    }
    const out = new Uint8Array(64);
    for (let i = 0; i < 2; i++) {
      if (der[at++] !== 0x02) {
        fail();
      }
      let l = len();
      let v = der.slice(at, at + l);
      at += l;
      if (v.length !== l || l === 0) {
        fail();
      }
      while (v.length > 1 && v[0] === 0) {
        v = v.slice(1);
      }
      if (v.length > 32) {
        fail();
      }
      out.set(v, i * 32 + 32 - v.length);
    }
    if (at !== der.length) {
      fail();
    }
    return out;
  }

  function pemToDer(pem, what) {
    const m = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\r?\n?$/.exec(pem);
    if (!m) {
      throw new Error(what + ': expected one PUBLIC KEY PEM block');
    }
    return base64(m[1].replace(/[\r\n]/g, ''), what);
  }

  async function verifyEnvelope(fetcher, e, manifest) {
    const sig = e.signature;
    if (!sig || typeof sig !== 'object') {
      throw new Error('the entry has no signature field');
    }
    const envPath = 'manifests/' + e.manifest_sha256 + '.dsse.json';
    let env;
    try {
      env = JSON.parse(decodeUtf8(await fetcher.get(envPath, false), envPath));
    } catch (err) {
      throw new Error(envPath + ': ' + err.message);
    }
    if (env.payloadType !== IN_TOTO) {
      throw new Error(envPath + ': payloadType is not ' + IN_TOTO);
    }
    if (typeof env.payload !== 'string' || !bytesEqual(base64(env.payload, envPath + ' payload'), manifest)) {
      throw new Error(envPath + ': the payload differs from the manifest');
    }
    const listed = Array.isArray(env.signatures)
        && env.signatures.find((s) => s && s.keyid === sig.keyid && s.sig === sig.sig);
    if (!listed) {
      throw new Error(envPath + ': the entry\'s signature (keyid ' + sig.keyid + ') is not in the envelope');
    }
    if (!HEX64.test(sig.keyid)) {
      throw new Error('the entry\'s keyid is not a SHA-256 key id');
    }
    // The key is published under its key id, the SHA-256 of its SPKI DER; the log entry names that id.
    const keyPath = 'keys/' + sig.keyid + '.pem';
    const der = pemToDer(decodeUtf8(await fetcher.get(keyPath, false), keyPath), keyPath);
    if (hex(await sha256(der)) !== sig.keyid) {
      throw new Error(keyPath + ': the key\'s SHA-256 is not the key id the entry names');
    }
    const raw = base64(sig.sig, 'signature');
    const data = pae(env.payloadType, manifest);
    let ok;
    if (sig.alg === 'ed25519') {
      const key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
      ok = raw.length === 64 && await crypto.subtle.verify({ name: 'Ed25519' }, key, raw, data);
    } else if (sig.alg === 'ecdsa-p256-sha256') {
      const key = await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(raw), data);
    } else {
      throw new Error('unsupported signature algorithm ' + sig.alg);
    }
    if (!ok) {
      throw new Error('bad DSSE signature from key ' + sig.keyid);
    }
    return sig.alg + ', key ' + sig.keyid;
  }

  // ---- the run ----

  function report(cls, label, text) {
    const li = document.createElement('li');
    li.className = cls;
    const b = document.createElement('strong');
    b.textContent = label + ': ';
    li.append(b, document.createTextNode(text));
    list.append(li);
    return li;
  }

  async function step(name, label, work) {
    try {
      const text = await work();
      report('ok', label, text).dataset.step = name;
    } catch (err) {
      throw new Failure(label, err && err.message ? err.message : String(err));
    }
  }

  async function run() {
    const root = section.dataset.root || '';
    const seqText = section.dataset.seq || '';
    const keptText = section.dataset.proofSize || '';
    if (!/^(0|[1-9][0-9]{0,18})$/.test(seqText) || !/^[1-9][0-9]{0,18}$/.test(keptText)) {
      throw new Failure('Page', 'the page lacks a valid data-seq or data-proof-size');
    }
    const seq = BigInt(seqText);
    const keptSize = BigInt(keptText);
    const fetcher = makeFetcher(root);
    let key;
    let latest;
    let found;
    let manifest;

    await step('key', 'Verifier key', async () => {
      key = await parseVerifierKey(keyInput.value.trim());
      return key.name + '+' + key.hashHex + ' (Ed25519)';
    });
    await step('checkpoint', 'Latest checkpoint', async () => {
      latest = await signedCheckpoint(await fetcher.get('checkpoint', false), key, 'checkpoint');
      if (seq >= latest.size) {
        throw new Error('entry ' + seq + ' is beyond the tree size ' + latest.size);
      }
      return 'signature valid; ' + latest.origin + ', tree size ' + latest.size + ', root ' + btoa(String.fromCharCode(...latest.root));
    });
    const reader = hashReader(fetcher, latest.size);
    await step('entry', 'Entry', async () => {
      found = await readEntry(fetcher, seq, latest.size, pageRange(section.dataset.entryRange));
      return 'read from ' + found.path + '; leaf hash ' + hex(found.leaf);
    });
    await step('inclusion', 'Inclusion', async () => {
      const proof = [];
      await inclusionPath(seq, 0n, latest.size, reader, proof);
      if (!bytesEqual(await rootFromInclusion(seq, latest.size, found.leaf, proof), latest.root)) {
        throw new Error('the inclusion proof of entry ' + seq + ' does not lead to the root of the latest checkpoint'
            + ' (the entry or a tile was changed)');
      }
      return 'entry ' + seq + ' is in the tree of size ' + latest.size + ' (' + proof.length + ' proof hashes from tiles)';
    });
    await step('chain', 'Hash chain', async () => {
      if (seq === 0n) {
        if (found.entry.prev !== '0'.repeat(64)) {
          throw new Error('the first entry must have prev = 64 zeros');
        }
        return 'first entry, prev is zero';
      }
      const before = await readEntry(fetcher, seq - 1n, latest.size, pageRange(section.dataset.prevRange));
      const proof = [];
      await inclusionPath(seq - 1n, 0n, latest.size, reader, proof);
      if (!bytesEqual(await rootFromInclusion(seq - 1n, latest.size, before.leaf, proof), latest.root)) {
        throw new Error('entry ' + (seq - 1n) + ' is not in the tree (the entry or a tile was changed)');
      }
      if (hex(before.leaf) !== found.entry.prev) {
        throw new Error('prev ' + found.entry.prev + ' is not the leaf hash of entry ' + (seq - 1n) + ' (' + hex(before.leaf) + ')');
      }
      return 'prev is the leaf hash of entry ' + (seq - 1n);
    });
    await step('consistency', 'Page checkpoint', async () => {
      const path = 'checkpoints/' + keptSize;
      const kept = await signedCheckpoint(await fetcher.get(path, false), key, path);
      if (kept.size !== keptSize || seq >= keptSize) {
        throw new Error(path + ': tree size ' + kept.size + ' does not match the page (' + keptSize + ', entry ' + seq + ')');
      }
      if (kept.size > latest.size) {
        throw new Error(path + ': tree size ' + kept.size + ' is larger than the latest checkpoint\'s ' + latest.size
            + ' (the log was rolled back)');
      }
      if (kept.size === latest.size) {
        if (!bytesEqual(kept.root, latest.root)) {
          throw new Error('two checkpoints of size ' + kept.size + ' with different roots (a fork)');
        }
        return path + ' is the latest checkpoint';
      }
      const proof = [];
      await subproof(kept.size, 0n, latest.size, true, reader, proof);
      await verifyConsistency(kept.size, latest.size, kept.root, latest.root, proof);
      return path + ' signature valid; the latest tree extends it (' + proof.length + ' proof hashes)';
    });
    await step('manifest', 'Manifest digest', async () => {
      const path = found.entry.manifest_path;
      const named = section.dataset.manifest;
      if (named && named !== path) {
        throw new Error('the page names ' + named + ' but the log entry names ' + path);
      }
      manifest = await fetcher.get(path, false);
      const digest = hex(await sha256(manifest));
      if (digest !== found.entry.manifest_sha256) {
        throw new Error(path + ': SHA-256 is ' + digest + ', the entry claims ' + found.entry.manifest_sha256);
      }
      return 'SHA-256 ' + digest + ' matches the entry';
    });
    if (found.entry.sigstore_bundle_path !== undefined) {
      report('partial', 'Manifest signature', 'signed with a Sigstore bundle: its certificate chain and Rekor entry'
          + ' are not checked in the browser; run the verifier\'s "bundle" command').dataset.step = 'signature';
      return { complete: false, stats: fetcher.stats };
    }
    await step('signature', 'Manifest signature', async () => 'DSSE signature valid (' + await verifyEnvelope(fetcher, found.entry, manifest) + ')');
    return { complete: true, stats: fetcher.stats };
  }

  async function start() {
    button.disabled = true;
    list.replaceChildren();
    section.dataset.result = 'running';
    try {
      const { complete, stats } = await run();
      const summary = ' (downloaded ' + stats.bytes.toLocaleString('en') + ' bytes in ' + stats.files + ' files)';
      section.dataset.bytes = String(stats.bytes);
      if (complete) {
        report('ok result', 'Verified', 'every check passed' + summary);
        section.dataset.result = 'ok';
      } else {
        report('partial result', 'Not fully verified', 'the checks above passed, the one marked was not run' + summary);
        section.dataset.result = 'partial';
      }
    } catch (err) {
      const label = err instanceof Failure ? err.step : 'Error';
      report('fail result', 'Failed', label + ': ' + (err && err.message ? err.message : String(err)));
      section.dataset.result = 'fail';
      section.dataset.failedStep = label;
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener('click', start);
  // #verify in the address runs the check at once (the command-line demo uses it with headless Chromium).
  if (location.hash === '#verify') {
    start();
  }
})();
