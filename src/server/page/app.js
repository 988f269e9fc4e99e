// lmz serve's page: the map, the lossy slider, the check and compression,
// over the server's own JSON API (docs/API.md). No dependencies, no network
// beyond this server.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // What the browser test reads: how long each view took to draw.
  window.lmzTimings = {};

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function fmt(x, digits = 2) {
    return Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  function pct(x) {
    return `${fmt(100 * x, 1)}%`;
  }
  // A piece of text with its invisible characters shown.
  function visible(s) {
    return s.replace(/ /g, '\u2423').replace(/\n/g, '\u23ce').replace(/\t/g, '\u21e5');
  }

  function setStatus(id, message, isError) {
    const s = $(id);
    s.textContent = message;
    s.classList.toggle('error', Boolean(isError));
  }

  // The server's error as a sentence: its message, code and status.
  async function failure(response) {
    let detail = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && body.error) detail = `${body.error.message} (${body.error.code}, ${response.status})`;
    } catch (e) {
      /* not JSON: the status says enough */
    }
    return new Error(detail);
  }

  async function postJSON(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  // Runs `work` with `button` disabled and the status saying so.
  async function busy(button, statusId, label, work) {
    button.disabled = true;
    setStatus(statusId, label);
    const started = performance.now();
    try {
      await work();
      setStatus(statusId, `Done in ${fmt((performance.now() - started) / 1000, 2)} s.`);
    } catch (e) {
      setStatus(statusId, e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  function model() {
    return $('model').value;
  }

  // ---- tabs ----------------------------------------------------------------
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  function selectTab(tab, focus) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  }
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab, false));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      selectTab(tabs[(to + tabs.length) % tabs.length], true);
    });
  }

  // ---- models --------------------------------------------------------------
  async function loadModels() {
    const response = await fetch('/v1/models');
    if (!response.ok) return;
    const data = await response.json();
    const select = $('model');
    select.replaceChildren();
    for (const m of data.models) {
      const label = m.builtin ? `cm (built-in, level ${m.level})` : `${m.name}${m.description ? ` (${m.description})` : ''}`;
      select.append(el('option', { value: m.name, text: label }));
    }
    const store = $('check-store');
    store.disabled = !data.store;
    store.parentElement.title = data.store ? '' : 'The server was started without --store';
  }

  // ---- dropping and opening files -----------------------------------------
  function readText(file) {
    return file.text();
  }
  function dropInto(target, onFiles) {
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      target.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => target.classList.remove('dragging'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      target.classList.remove('dragging');
      if (e.dataTransfer.files.length) onFiles(Array.from(e.dataTransfer.files));
    });
  }
  async function intoTextarea(area, files) {
    area.value = await readText(files[0]);
  }
  dropInto($('map-text'), (files) => intoTextarea($('map-text'), files));
  dropInto($('lossy-text'), (files) => intoTextarea($('lossy-text'), files));
  $('map-file').addEventListener('change', (e) => e.target.files.length && intoTextarea($('map-text'), e.target.files));

  // ---- map -----------------------------------------------------------------
  const HEAT_STEPS = [0.5, 1, 2, 3, 4.5, 6]; // bits per byte where each colour starts
  function heatClass(bitsPerByte) {
    let level = 0;
    while (level < HEAT_STEPS.length && bitsPerByte >= HEAT_STEPS[level]) ++level;
    return `h${level}`;
  }
  function drawLegend() {
    const legend = $('map-legend');
    legend.replaceChildren(el('strong', { text: 'bits per byte:' }));
    const bounds = [0, ...HEAT_STEPS];
    bounds.forEach((b, i) => {
      const label = i + 1 < bounds.length ? `${b}\u2013${bounds[i + 1]}` : `${b}+`;
      legend.append(el('span', { class: `h${i}`, text: label }));
    });
  }

  // The spans drawn: a GGUF model's tokens, or the built-in model's bytes
  // gathered into words, runs of spaces and single marks.
  function kindOf(ch) {
    if (/[\p{L}\p{N}_'\u2019]/u.test(ch)) return 'word';
    if (/\s/u.test(ch)) return 'space';
    return 'mark';
  }
  function spansOf(map, codePoints) {
    const pieces = map.tokens.map((t) => ({
      cpBegin: t.cp_begin,
      cpEnd: t.cp_end,
      begin: t.begin,
      end: t.end,
      bits: t.bits,
      token: t,
    }));
    if (map.unit !== 'byte') return pieces;
    const out = [];
    let current = null;
    for (const p of pieces) {
      const ch = codePoints[p.cpBegin] ?? '';
      const kind = p.cpEnd > p.cpBegin ? kindOf(ch) : current ? current.kind : 'mark';
      if (current && (p.cpEnd === p.cpBegin || (kind === current.kind && kind !== 'mark'))) {
        current.cpEnd = Math.max(current.cpEnd, p.cpEnd);
        current.end = p.end;
        current.bits += p.bits;
        continue;
      }
      current = { cpBegin: p.cpBegin, cpEnd: p.cpEnd, begin: p.begin, end: p.end, bits: p.bits, kind };
      out.push(current);
    }
    return out;
  }

  let mapSpans = [];
  let mapActive = -1;
  let mapData = null;

  function describeSpan(i) {
    const s = mapSpans[i];
    const detail = $('map-detail');
    const bytes = s.end - s.begin;
    const items = [
      ['bits', fmt(s.bits, 2)],
      ['bytes', String(bytes)],
      ['bits per byte', fmt(bytes ? s.bits / bytes : 0, 2)],
      ['offset', `${s.begin}\u2013${s.end}`],
    ];
    const t = s.token;
    if (t && t.model_bits !== undefined) items.push(['the GGUF model alone', `${fmt(t.model_bits, 2)} bits`]);
    if (t && t.entropy !== undefined) {
      items.push(['entropy', `${fmt(t.entropy, 2)} bits`]);
      items.push(['rank', `${t.rank}${t.rank === 1 ? ' (the first choice)' : ''}`]);
    }
    const dl = el('dl');
    for (const [k, v] of items) dl.append(el('dt', { text: k }), el('dd', { text: v }));
    const text = mapText.slice(s.cpBegin, s.cpEnd).join('');
    detail.replaceChildren(el('h4', {}, el('span', { class: 'piece', text: visible(text) || '(part of a character)' })), dl);
    if (t && t.top && t.top.length) {
      const list = el('ol');
      for (const a of t.top) list.append(el('li', {}, el('span', { class: 'piece', text: visible(a.text) }), ` ${pct(a.p)}`));
      detail.append(el('p', { text: 'The model expected:' }), list);
    }
  }

  function activate(i, scroll) {
    if (i < 0 || i >= mapSpans.length) return;
    const heat = $('heatmap');
    if (mapActive >= 0 && heat.children[mapActive]) {
      heat.children[mapActive].classList.remove('active');
      heat.children[mapActive].setAttribute('aria-selected', 'false');
    }
    mapActive = i;
    const node = heat.children[i];
    node.classList.add('active');
    node.setAttribute('aria-selected', 'true');
    heat.setAttribute('aria-activedescendant', node.id);
    if (scroll) node.scrollIntoView({ block: 'nearest' });
    describeSpan(i);
  }

  let mapText = [];
  function drawMap(map, text) {
    const started = performance.now();
    mapData = map;
    mapText = Array.from(text);
    mapSpans = spansOf(map, mapText);
    mapActive = -1;
    const heat = $('heatmap');
    const fragment = document.createDocumentFragment();
    mapSpans.forEach((s, i) => {
      const bytes = Math.max(1, s.end - s.begin);
      const span = document.createElement('span');
      span.id = `h-${i}`;
      span.setAttribute('role', 'option');
      span.className = heatClass(s.bits / bytes);
      span.textContent = mapText.slice(s.cpBegin, s.cpEnd).join('');
      span.dataset.i = i;
      fragment.append(span);
    });
    heat.replaceChildren(fragment);
    heat.removeAttribute('aria-activedescendant');

    const unit = map.unit === 'token' ? 'tokens' : 'bytes';
    let summary = `${map.model}: ${fmt(map.total_bits / 8, 1)} bytes of information in ${fmt(map.bytes, 0)} bytes, ` +
      `${fmt(map.bits_per_byte, 3)} bits per byte, ${fmt(map.tokens.length, 0)} ${unit}`;
    if (map.mixed) summary += ` (mixed with the built-in model; the GGUF model alone: ${fmt(map.model_total_bits / 8, 1)} bytes)`;
    $('map-summary').textContent = summary + '.';

    const table = $('map-classes');
    const head = el('tr', {}, ...['class', 'bytes', 'of the text', 'bits', 'of the bits', 'bits per byte'].map((h) => el('th', { scope: 'col', text: h })));
    const body = el('tbody');
    for (const c of map.classes) {
      if (!c.bytes) continue;
      body.append(el('tr', {}, el('th', { scope: 'row', text: c.class.replace(/_/g, ' ') }), el('td', { text: fmt(c.bytes, 0) }),
        el('td', { text: pct(c.share_of_text) }), el('td', { text: fmt(c.bits, 1) }), el('td', { text: pct(c.share_of_bits) }),
        el('td', { text: fmt(c.bits_per_byte, 2) })));
    }
    table.replaceChildren(el('thead', {}, head), body);

    const list = $('map-expensive');
    list.replaceChildren();
    const top = [...map.spans].sort((a, b) => b.bits - a.bits).slice(0, 10);
    for (const s of top) {
      const label = `${visible(s.text)} \u2014 ${fmt(s.bits, 1)} bits (${s.class.replace(/_/g, ' ')})`;
      list.append(el('li', {}, el('button', {
        text: label,
        onclick: () => {
          const i = mapSpans.findIndex((m) => m.end > s.begin);
          heat.focus();
          activate(i, true);
        },
      })));
    }
    $('map-out').hidden = false;
    void heat.offsetHeight; // the layout, inside the measured time
    window.lmzTimings.mapRenderMs = performance.now() - started;
    window.lmzTimings.mapSpans = mapSpans.length;
  }

  $('heatmap').addEventListener('mouseover', (e) => {
    const i = e.target.dataset && e.target.dataset.i;
    if (i !== undefined) activate(Number(i), false);
  });
  $('heatmap').addEventListener('focus', () => {
    if (mapActive < 0 && mapSpans.length) activate(0, true);
  });
  $('heatmap').addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowDown: 10, ArrowLeft: -1, ArrowUp: -10 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      activate(Math.min(mapSpans.length - 1, Math.max(0, mapActive + step)), true);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      activate(e.key === 'Home' ? 0 : mapSpans.length - 1, true);
    }
  });

  // Past this the map's JSON (about 140 bytes a byte with the built-in
  // model) and its spans are more than a page should hold.
  const MAX_MAP_BYTES = 300000;

  $('map-run').addEventListener('click', () => {
    const text = $('map-text').value;
    if (!text) return setStatus('map-status', 'Paste or drop a text first.', true);
    const size = encoder.encode(text).length;
    if (size > MAX_MAP_BYTES) {
      return setStatus('map-status', `This text is ${fmt(size / 1000, 0)} KB; the page maps up to ` +
        `${MAX_MAP_BYTES / 1000} KB at a time. For the whole file: lmz map FILE --format html.`, true);
    }
    busy($('map-run'), 'map-status', 'Scoring\u2026', async () => {
      const map = await postJSON('/v1/map', { text, model: model() });
      drawMap(map, text);
    });
  });

  // ---- lossy ---------------------------------------------------------------
  // Byte offsets into a string, as strings (the server counts bytes).
  function byteSlicer(text) {
    const bytes = encoder.encode(text);
    return (b, e) => decoder.decode(bytes.subarray(b, e));
  }

  // `text` with the ranges [from, to) of `marks` wrapped in `tag`.
  function marked(text, marks, from, to, tag, title) {
    const slice = byteSlicer(text);
    const box = document.createDocumentFragment();
    let at = 0;
    for (const m of marks) {
      const b = m[from];
      const e = m[to];
      if (b < at) continue;
      if (b > at) box.append(slice(at, b));
      const node = el(tag, { class: 'altered', title: title(m) });
      node.textContent = e > b ? slice(b, e) : '\u2205';
      box.append(node);
      at = e;
    }
    box.append(slice(at, encoder.encode(text).length));
    return box;
  }

  let sweep = null;
  let sweepText = null;
  let sweepModel = null;

  function drawCurve(current) {
    const box = $('lossy-curve');
    if (!sweep) return box.replaceChildren();
    const W = 560;
    const H = 300;
    const L = 52;
    const R = 16;
    const T = 16;
    const B = 44;
    const rows = sweep.sweep;
    const xs = rows.map((r) => r.bits_per_byte).concat([current.bits_per_byte]);
    let x0 = Math.min(...xs);
    let x1 = Math.max(...xs);
    if (x1 - x0 < 1e-9) {
      x0 -= 0.5;
      x1 += 0.5;
    }
    const px = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
    const py = (y) => T + (1 - y) * (H - T - B);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Share of tokens altered against bits per byte; the current quality ${current.quality} codes ` +
      `${fmt(current.bits_per_byte, 2)} bits per byte with ${pct(current.share_altered)} of the tokens altered`);
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    for (let k = 0; k <= 4; ++k) {
      const y = k / 4;
      add('line', { x1: L, x2: W - R, y1: py(y), y2: py(y), class: 'grid' });
      add('text', { x: L - 6, y: py(y) + 4, 'text-anchor': 'end', class: 'tick' }, `${100 * y}%`);
      const x = x0 + (k / 4) * (x1 - x0);
      add('text', { x: px(x), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, fmt(x, 2));
    }
    add('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' });
    add('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' });
    add('text', { x: (L + W - R) / 2, y: H - 8, 'text-anchor': 'middle', class: 'tick' }, 'bits per byte');
    const series = [
      ['share_altered', 'series-all', 'all tokens'],
      ['share_facts_altered', 'series-facts', 'numbers, dates, names'],
      ['share_common_words_altered', 'series-common', 'common words'],
    ];
    series.forEach(([key, cls, label], s) => {
      const points = rows.map((r) => `${px(r.bits_per_byte).toFixed(1)},${py(r[key]).toFixed(1)}`);
      add('polyline', { points: points.join(' '), class: `${cls} series-line` });
      for (const r of rows) {
        const x = px(r.bits_per_byte);
        const y = py(r[key]);
        if (s === 0) add('circle', { cx: x, cy: y, r: 3.5, class: cls });
        else if (s === 1) add('rect', { x: x - 3.5, y: y - 3.5, width: 7, height: 7, class: cls });
        else add('path', { d: `M${x},${y - 4.5}L${x + 4.5},${y + 3.5}L${x - 4.5},${y + 3.5}Z`, class: cls });
      }
      add('line', { x1: W - R - 170, x2: W - R - 146, y1: T + 8 + 16 * s, y2: T + 8 + 16 * s, class: `${cls} series-line` });
      add('text', { x: W - R - 140, y: T + 12 + 16 * s, class: 'tick' }, label);
    });
    const cx = px(current.bits_per_byte);
    add('line', { x1: cx, x2: cx, y1: T, y2: H - B, class: 'current', 'stroke-dasharray': '3 3' });
    add('circle', { cx, cy: py(current.share_altered), r: 8, class: 'current' });
    add('text', { x: cx + 6, y: T + 12, class: 'tick' }, `quality ${current.quality}`);
    box.replaceChildren(svg);

    const table = $('lossy-table');
    const head = el('tr', {}, ...['quality', 'bits per byte', 'bytes', 'altered', 'numbers, dates, names', 'common words'].map((h) => el('th', { scope: 'col', text: h })));
    const body = el('tbody');
    for (const r of rows) {
      body.append(el('tr', {}, el('th', { scope: 'row', text: String(r.quality) }), el('td', { text: fmt(r.bits_per_byte, 3) }),
        el('td', { text: fmt(r.payload_bytes, 0) }), el('td', { text: pct(r.share_altered) }),
        el('td', { text: pct(r.share_facts_altered) }), el('td', { text: pct(r.share_common_words_altered) })));
    }
    table.replaceChildren(el('thead', {}, head), body);
  }

  function drawLossy(run, text) {
    const started = performance.now();
    const marks = [...run.artifacts].sort((a, b) => a.begin - b.begin);
    $('lossy-original').replaceChildren(
      marked(text, marks, 'begin', 'end', 'del', (m) => `guessed as \u201c${m.replacement}\u201d (${m.class.replace(/_/g, ' ')})`));
    $('lossy-reconstruction').replaceChildren(
      marked(run.reconstruction, [...marks].sort((a, b) => a.out_begin - b.out_begin), 'out_begin', 'out_end', 'ins',
        (m) => `the original: \u201c${m.original}\u201d`));
    $('lossy-summary').textContent = `Quality ${run.quality}: ${fmt(run.payload_bytes, 0)} bytes for ${fmt(run.bytes, 0)} ` +
      `(${fmt(run.bits_per_byte, 3)} bits per byte), ${run.altered} of ${run.tokens} tokens altered (${pct(run.share_altered)}).`;
    drawCurve(run);
    $('lossy-out').hidden = false;
    window.lmzTimings.lossyRenderMs = performance.now() - started;
  }

  let lossyTimer = 0;
  let lossyGeneration = 0;
  async function runLossy() {
    const text = $('lossy-text').value;
    if (!text) return setStatus('lossy-status', 'Paste or drop a text first.', true);
    const quality = Number($('lossy-quality').value);
    const generation = ++lossyGeneration;
    await busy($('lossy-run'), 'lossy-status', 'Coding\u2026', async () => {
      if (sweepText !== text || sweepModel !== model()) {
        sweep = await postJSON('/v1/artifacts', { text, sweep: true, model: model() });
        sweepText = text;
        sweepModel = model();
      }
      const run = await postJSON('/v1/artifacts', { text, quality, model: model() });
      if (generation === lossyGeneration) drawLossy(run, text);
    });
  }
  $('lossy-quality').addEventListener('input', () => {
    $('lossy-quality-value').textContent = $('lossy-quality').value;
    clearTimeout(lossyTimer);
    lossyTimer = setTimeout(runLossy, 250);
  });
  $('lossy-run').addEventListener('click', runLossy);

  // ---- check ---------------------------------------------------------------
  const VERDICTS = {
    supported: 'the sources hold it',
    contradicted: 'the sources state it otherwise',
    unsupported: 'the sources do not hold it',
    novel: 'words the sources do not explain',
    unresolved: 'could not be compared',
    claim: 'a clause the sources do not make',
  };
  function drawCheckLegend() {
    const legend = $('check-legend');
    legend.replaceChildren();
    for (const [v, meaning] of Object.entries(VERDICTS)) legend.append(el('span', { class: `verdict v-${v}`, text: `${v}: ${meaning}` }));
  }

  dropInto($('check-sources'), (files) => addSources(files));
  $('check-files').addEventListener('change', (e) => addSources(Array.from(e.target.files)));
  async function addSources(files) {
    const area = $('check-sources');
    for (const f of files) {
      const text = await readText(f);
      area.value = area.value.trim() ? `${area.value.trimEnd()}\n---\n${text}` : text;
    }
  }

  function sourcesOf(value) {
    return value.split(/^\s*---\s*$/m).map((s) => s.trim()).filter((s) => s.length);
  }

  function showVerdict(span, node) {
    document.querySelectorAll('#check-answer-view .verdict.active').forEach((n) => n.classList.remove('active'));
    node.classList.add('active');
    const detail = $('check-detail');
    const dl = el('dl');
    const items = span.claim
      ? [['verdict', `unsupported claim: ${VERDICTS.claim}`],
        ['content words in no source', `${span.novel_words} of ${span.content_words}`]]
      : [['verdict', `${span.verdict}: ${VERDICTS[span.verdict] || ''}`]];
    if (span.fact) items.push(['fact', `${span.fact}${span.value ? ` (${span.value})` : ''}`]);
    if (span.relation) items.push(['beside', `${span.relation.text} (the sources never state them together)`]);
    if (span.source_value) items.push(['the sources say', span.source_value]);
    items.push(['bits without the sources', fmt(span.bits_without, 1)], ['bits with them', fmt(span.bits_with, 1)]);
    for (const [k, v] of items) dl.append(el('dt', { text: k }), el('dd', { text: v }));
    detail.replaceChildren(el('h4', {}, el('span', { class: 'piece', text: span.text })), dl);
    if (span.source) {
      const quote = el('blockquote');
      const excerpt = span.source.excerpt || '';
      const needle = span.source_value && excerpt.includes(span.source_value) ? span.source_value
        : excerpt.includes(span.text) ? span.text : '';
      if (needle) {
        const at = excerpt.indexOf(needle);
        quote.append(excerpt.slice(0, at), el('mark', { class: 'found', text: needle }), excerpt.slice(at + needle.length));
      } else {
        quote.textContent = excerpt;
      }
      detail.append(el('p', { text: `The nearest passage (${span.source.path}, bytes ${span.source.begin}\u2013${span.source.end}):` }), quote);
    }
  }

  function drawCheck(report, answer) {
    const slice = byteSlicer(answer);
    const view = $('check-answer-view');
    const fragment = document.createDocumentFragment();
    let at = 0;
    // A claim covers the spans inside it, so it comes first where both begin.
    const claims = (report.claims || []).map((c) => ({ ...c, claim: true }));
    const spans = [...claims, ...report.spans].sort((a, b) => a.begin - b.begin || (b.claim ? 1 : 0) - (a.claim ? 1 : 0));
    for (const s of spans) {
      if (s.begin < at) continue;
      if (s.begin > at) fragment.append(slice(at, s.begin));
      const kind = s.claim ? 'claim' : s.verdict;
      const node = el('span', {
        class: `verdict v-${kind}`,
        tabindex: '0',
        role: 'button',
        'aria-label': `${s.text}: ${s.claim ? 'unsupported claim' : s.verdict}`,
      });
      node.textContent = slice(s.begin, s.end);
      node.addEventListener('click', () => showVerdict(s, node));
      node.addEventListener('focus', () => showVerdict(s, node));
      fragment.append(node);
      at = s.end;
    }
    fragment.append(slice(at, encoder.encode(answer).length));
    view.replaceChildren(fragment);
    const c = report.counts;
    $('check-summary').textContent = `${report.model}: ${c.contradicted} contradicted, ${c.unsupported} unsupported, ` +
      `${c.claims} unsupported claim${c.claims === 1 ? '' : 's'}, ` +
      `${c.supported} supported, ${c.novel} novel, ${c.unresolved} unresolved; the sources save ` +
      `${fmt(report.bits_without - report.bits_with, 1)} of ${fmt(report.bits_without, 1)} bits.`;
    $('check-detail').replaceChildren(el('p', { class: 'muted', text: 'Select a marked span.' }));
    $('check-out').hidden = false;
  }

  $('check-run').addEventListener('click', () => {
    const answer = $('check-answer').value;
    if (!answer.trim()) return setStatus('check-status', 'Write or paste an answer first.', true);
    const body = { answer, model: model() };
    const question = $('check-question').value.trim();
    if (question) body.question = question;
    if (!$('check-store').checked) {
      body.sources = sourcesOf($('check-sources').value);
      if (!body.sources.length) return setStatus('check-status', 'Give at least one source, or use the server\u2019s store.', true);
    }
    busy($('check-run'), 'check-status', 'Checking\u2026', async () => drawCheck(await postJSON('/v1/check', body), answer));
  });

  // ---- compress ------------------------------------------------------------
  let chosen = null;
  let downloadUrl = null;
  function choose(file) {
    chosen = file;
    $('compress-drop').firstChild.textContent = `${file.name} (${fmt(file.size, 0)} bytes) `;
  }
  $('compress-file').addEventListener('change', (e) => e.target.files.length && choose(e.target.files[0]));
  dropInto($('compress-drop'), (files) => choose(files[0]));

  function offer(blob, name) {
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(blob);
    const link = $('compress-download');
    link.href = downloadUrl;
    link.download = name;
    link.textContent = `Download ${name} (${fmt(blob.size, 0)} bytes)`;
  }

  async function postBytes(path) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: await chosen.arrayBuffer(),
    });
    if (!response.ok) throw await failure(response);
    return response;
  }

  function sizeRow(name, bytes, original) {
    const cells = [el('th', { scope: 'row', text: name }), el('td', { text: fmt(bytes, 0) })];
    cells.push(el('td', { text: bytes ? `${fmt(original / bytes, 2)}\u00d7` : '' }));
    cells.push(el('td', { text: original ? fmt((8 * bytes) / original, 3) : '' }));
    return el('tr', {}, ...cells);
  }

  $('compress-run').addEventListener('click', () => {
    if (!chosen) return setStatus('compress-status', 'Choose or drop a file first.', true);
    busy($('compress-run'), 'compress-status', 'Compressing\u2026', async () => {
      const quality = Math.min(100, Math.max(1, Number($('compress-quality').value) || 100));
      const query = new URLSearchParams({ model: model(), compare: 'true' });
      if (quality < 100) query.set('quality', String(quality));
      const response = await postBytes(`/v1/compress?${query}`);
      const archive = await response.blob();
      const original = chosen.size;
      const head = el('tr', {}, ...['', 'bytes', 'ratio', 'bits per byte'].map((h) => el('th', { scope: 'col', text: h })));
      const body = el('tbody', {}, sizeRow(chosen.name, original, original), sizeRow(`lmz (${model()}${quality < 100 ? `, quality ${quality}` : ''})`, archive.size, original));
      const gzip = response.headers.get('X-Gzip-Bytes');
      const xz = response.headers.get('X-Xz-Bytes');
      if (gzip) body.append(sizeRow('gzip -9', Number(gzip), original));
      if (xz) body.append(sizeRow('xz -9e', Number(xz), original));
      $('compress-table').replaceChildren(el('thead', {}, head), body);
      offer(archive, `${chosen.name}.lmz`);
      $('compress-out').hidden = false;
    });
  });

  $('decompress-run').addEventListener('click', () => {
    if (!chosen) return setStatus('compress-status', 'Choose or drop an .lmz file first.', true);
    busy($('decompress-run'), 'compress-status', 'Decompressing\u2026', async () => {
      const content = await (await postBytes('/v1/decompress')).blob();
      const name = chosen.name.endsWith('.lmz') ? chosen.name.slice(0, -4) : `${chosen.name}.out`;
      const head = el('tr', {}, ...['', 'bytes', 'ratio', 'bits per byte'].map((h) => el('th', { scope: 'col', text: h })));
      $('compress-table').replaceChildren(el('thead', {}, head),
        el('tbody', {}, sizeRow(name, content.size, content.size), sizeRow(chosen.name, chosen.size, content.size)));
      offer(content, name);
      $('compress-out').hidden = false;
    });
  });

  drawLegend();
  drawCheckLegend();
  loadModels().catch((e) => setStatus('map-status', `The models could not be listed: ${e.message}`, true));
})();
