// linkwright editor sidebar: calls only the public API (POST v1/suggestions), like a CMS plugin.
// API data (titles, URLs, reasons come from site content) is only ever set as textContent.
"use strict";

(() => {
  const DEBOUNCE_MS = 600;
  const API_URL = new URL("v1/suggestions", document.baseURI).href;
  const KEY_STORAGE = "linkwright.apiKey";

  const $ = (id) => document.getElementById(id);
  const el = {
    draft: $("draft"), backdrop: $("backdrop"), format: $("format"), url: $("draft-url"),
    key: $("api-key"), status: $("status"), count: $("count"), list: $("suggestions"),
    card: $("card"),
  };
  const state = {
    items: [], // current suggestions: {raw, key, start, end, leadAt} (offsets in UTF-16 units)
    dismissed: new Set(), // "url\nanchor" pairs, never shown again on this page
    excluded: new Set(), // dismissed target URLs, sent as filters.exclude_urls
    accepted: new Set(), // accepted target URLs: excluded while the draft still holds them
    seq: 0, // number of the latest request; older answers are ignored
    controller: null,
    timer: 0,
    pending: false, // the text changed since the last request was sent
    value: "", // the text the items' offsets point into (see `track`)
    notice: "", // what the last Accept/Dismiss did, shown with the next answer
    responses: 0,
  };

  // --- offsets ---------------------------------------------------------------------------

  // The API counts code points (Python); JS strings count UTF-16 units. Map one to the other.
  function toUnits(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => cp;
    const units = [];
    let unit = 0;
    for (const ch of text) { units.push(unit); unit += ch.length; }
    units.push(unit);
    return (cp) => units[Math.min(cp, units.length - 1)];
  }

  // Keep the items' offsets on the text as it is edited. One edit is one replaced range:
  // it ends at the caret when the text after the caret is unchanged (typing, deleting,
  // pasting; "I" typed before "Internal" is then an insertion before it, not inside it),
  // else where the old and new text stop sharing their ends. Offsets before it stay,
  // offsets after it move by the change in length, an anchor it touches is lost (-1;
  // `locate` then looks for the words by their context).
  function track() {
    const now = el.draft.value;
    const was = state.value;
    state.value = now;
    if (now === was) return;
    let tail = now.length - el.draft.selectionEnd;
    if (tail > was.length || now.slice(now.length - tail) !== was.slice(was.length - tail)) {
      const max = Math.min(now.length, was.length);
      tail = 0;
      while (tail < max && now[now.length - 1 - tail] === was[was.length - 1 - tail]) tail++;
    }
    const cut = was.length - tail;
    const stop = Math.min(cut, now.length - tail);
    let head = 0;
    while (head < stop && now[head] === was[head]) head++;
    const delta = now.length - was.length;
    const moved = (x) => (x <= head ? x : x >= cut ? x + delta : null);
    for (const it of state.items) {
      if (it.start < 0) continue;
      const start = it.end <= head ? it.start : it.start >= cut ? it.start + delta : -1;
      it.end = start < 0 ? -1 : start + (it.end - it.start);
      it.start = start;
      if (it.leadAt != null) it.leadAt = moved(it.leadAt);
    }
  }

  // Where the anchor is in `text` now: at its tracked offsets, else the occurrence whose
  // surrounding context matches best (else the `occurrence`-th); -1 if gone.
  function locate(text, item) {
    const a = item.raw.anchor;
    if (item.start >= 0 && text.slice(item.start, item.end) === a.text) return item.start;
    const hits = [];
    for (let i = text.indexOf(a.text); i >= 0 && a.text; i = text.indexOf(a.text, i + 1)) {
      hits.push(i);
    }
    if (!hits.length) return -1;
    const fit = (i) =>
      Number(text.slice(Math.max(0, i - a.context_before.length), i) === a.context_before) +
      Number(text.startsWith(a.context_after, i + a.text.length));
    let best = hits[Math.min(a.occurrence, hits.length - 1)];
    for (const i of hits) if (fit(i) > fit(best)) best = i;
    return best;
  }

  // Where the lead-in goes: the API's lead_in_at (moved with the anchor); without one,
  // before the sentence ("According to …, ") or after it (" For a deeper look …").
  function leadInAt(text, item, start, end) {
    if (item.leadAt != null && item.start >= 0) {
      return Math.max(0, Math.min(text.length, item.leadAt + start - item.start));
    }
    if (/^\s/.test(item.raw.lead_in)) {
      const rest = text.slice(end).search(/[.!?](?=["')\]]?(\s|$))|\n/);
      return rest < 0 ? text.length : end + rest + (text[end + rest] === "\n" ? 0 : 1);
    }
    const head = text.slice(0, start).match(/^[\s\S]*(?:[.!?]["')\]]?[ \t]+|\n[ \t]*)/);
    return head ? head[0].length : 0;
  }

  // --- accepting a link ------------------------------------------------------------------

  const escapeAttr = (s) =>
    s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // A lead-in is plain text (a source's title may be "<img>: The Image Embed element"):
  // written into the draft as text of its format, never as markup.
  const asText = (s) =>
    el.format.value === "html"
      ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      : el.format.value === "markdown"
        ? s.replace(/[\\`*_[\]<>]/g, "\\$&")
        : s;
  const markdownUrl = (url) => url.replace(/[ ()<>]/g, (c) => encodeURIComponent(c));

  function linkMarkup(s, anchorText) {
    if (el.format.value === "html") {
      const rel = s.rel ? ` rel="${escapeAttr(s.rel)}"` : "";
      return `<a href="${escapeAttr(s.target.url)}"${rel}>${anchorText}</a>`;
    }
    return `[${anchorText}](${markdownUrl(s.target.url)})`;
  }

  // `words` with its first word in lower case if `text` uses that word in lower case too.
  function lowerFirstWord(text, words) {
    const m = words.match(/^([*_]*)([A-Z])([a-z]*)\b/);
    if (!m || (m[2] === "I" && !m[3])) return words; // not "I"
    const lower = m[2].toLowerCase() + m[3];
    if (!new RegExp(`(^|[^A-Za-z])${lower}(?![A-Za-z])`).test(text)) return words;
    return m[1] + lower + words.slice(m[0].length);
  }

  // Replace text[from:to] with `insert`, through the editing API so Ctrl+Z undoes it.
  function replaceRange(from, to, insert) {
    el.draft.focus();
    el.draft.setSelectionRange(from, to);
    if (!document.execCommand("insertText", false, insert)) {
      el.draft.setRangeText(insert, from, to, "end");
    }
  }

  function accept(item) {
    const s = item.raw;
    const text = el.draft.value;
    const start = locate(text, item);
    if (start < 0) {
      say(`“${s.anchor.text}” is no longer in the draft.`, true);
      drop(item);
      return;
    }
    const end = start + s.anchor.text.length;
    const link = linkMarkup(s, s.anchor.text);
    let from = start;
    let to = end;
    let insert = link;
    if (s.lead_in) {
      let at = leadInAt(text, item, start, end);
      const lead = asText(s.lead_in);
      if (at <= start) {
        // "According to X, " opens the sentence: before an emphasis that opens it too
        // ("**Add utm tags** …"), and the sentence's first word in lower case when the
        // draft writes it so elsewhere ("A good …" -> "a good …"; "Google" stays).
        while (at > 0 && /[*_]/.test(text[at - 1]) && (at < 2 || /[*_\s]/.test(text[at - 2]))) at--;
        const words = lowerFirstWord(text, text.slice(at, start) + s.anchor.text);
        insert = lead + words.slice(0, start - at) + linkMarkup(s, words.slice(start - at));
        from = at;
      }
      if (at >= end) { to = at; insert = link + text.slice(end, at) + lead; }
    }
    replaceRange(from, to, insert);
    state.accepted.add(s.target.url);
    drop(item);
    say((state.notice = `Linked “${s.anchor.text}”.`));
    request();
  }

  function dismiss(item) {
    state.dismissed.add(item.key);
    state.excluded.add(item.raw.target.url);
    drop(item);
    say((state.notice = `Dismissed “${item.raw.anchor.text}”.`));
  }

  // Select the anchor words in the draft (the browser scrolls the textarea to them).
  function show(item) {
    const start = locate(el.draft.value, item);
    if (start < 0) return say(`“${item.raw.anchor.text}” is no longer in the draft.`, true);
    el.draft.focus();
    el.draft.setSelectionRange(start, start + item.raw.anchor.text.length);
  }

  // Remove a card; keyboard focus moves to the next card's Accept.
  function drop(item) {
    const index = state.items.indexOf(item);
    state.items = state.items.filter((it) => it !== item);
    render({ key: "", index, part: ".accept" });
  }

  // --- keyboard focus survives re-rendering ------------------------------------------------

  const cardKey = (li) => `${li.dataset.url}\n${li.dataset.anchor}`;

  function focusSpot() {
    const active = document.activeElement;
    const li = el.list.contains(active) && active.closest(".suggestion");
    if (!li) return null;
    const index = [...el.list.children].indexOf(li);
    // A button by its class; the "Why" summary (no class) by its tag.
    const part = active.classList.length ? `.${active.classList[0]}` : active.tagName.toLowerCase();
    return { key: cardKey(li), index, part };
  }

  function restoreFocus(spot) {
    if (!spot) return;
    const lis = [...el.list.children];
    const same = lis.find((x) => cardKey(x) === spot.key);
    const li = same || lis[Math.min(spot.index, lis.length - 1)];
    const target = li && (li.querySelector(spot.part) || li.querySelector(".accept"));
    (target || el.draft).focus();
  }

  // --- talking to the API ----------------------------------------------------------------

  function say(message, isError = false) {
    el.status.textContent = message;
    el.status.classList.toggle("error", isError);
  }

  function schedule() {
    clearTimeout(state.timer);
    state.pending = true;
    el.list.setAttribute("aria-busy", "true"); // an answer for newer text is coming
    state.timer = setTimeout(request, DEBOUNCE_MS);
  }

  function settled() {
    el.list.removeAttribute("aria-busy");
    el.status.classList.remove("busy");
    el.list.dataset.responses = String(++state.responses);
  }

  // Dismissed targets, and accepted ones whose link is still in the draft: a link taken
  // back (Ctrl+Z, or deleted) lets its target be suggested again.
  function excludedUrls(text) {
    const linked = [...state.accepted].filter((url) => text.includes(url));
    return new Set([...state.excluded, ...linked]);
  }

  function requestBody(text) {
    const body = { text, format: el.format.value };
    if (el.url.value.trim()) body.url = el.url.value.trim();
    body.options = { filters: { exclude_urls: [...excludedUrls(text)] } };
    return JSON.stringify(body);
  }

  async function request() {
    clearTimeout(state.timer);
    state.pending = false;
    if (state.controller) state.controller.abort();
    const seq = ++state.seq;
    const text = el.draft.value;
    if (!text.trim()) {
      state.controller = null;
      setItems([], text);
      say("Type or paste a draft.");
      settled();
      return;
    }
    const controller = new AbortController();
    state.controller = controller;
    const headers = { "Content-Type": "application/json" };
    if (/[^\x20-\x7e]/.test(el.key.value)) {
      state.controller = null;
      setItems([], text);
      say("The API key holds characters an HTTP header cannot carry; check the key.", true);
      settled();
      return;
    }
    if (el.key.value) headers["X-API-Key"] = el.key.value;
    el.list.setAttribute("aria-busy", "true");
    el.status.classList.add("busy");
    try {
      const response = await fetch(API_URL, {
        method: "POST", headers, body: requestBody(text), signal: controller.signal,
      });
      const body = await response.json().catch(() => null);
      if (seq !== state.seq) return; // a newer request is on its way
      el.key.setAttribute("aria-invalid", String(response.status === 401));
      if (!response.ok) {
        const message = (body && body.error) || response.statusText || "request failed";
        setItems([], text); // the last answer was for other text: never offer it as current
        say(`Error ${response.status}: ${message}`, true);
      } else {
        setItems(body.suggestions, text);
        if (!state.pending) { // else newer text is waiting for its answer: still busy
          const ms = body.timing_ms && body.timing_ms.total;
          const took = ms ? ` in ${Math.round(ms)} ms` : "";
          say(`${state.notice} Checked ${text.length.toLocaleString()} characters${took}.`.trim());
          state.notice = "";
        }
      }
    } catch (err) {
      if (err.name === "AbortError" || seq !== state.seq) return;
      setItems([], text);
      say(`Cannot reach the linkwright service: ${err.message}`, true);
    } finally {
      if (seq === state.seq && !state.pending) settled();
    }
  }

  function setItems(suggestions, sentText) {
    const units = toUnits(sentText);
    const excluded = excludedUrls(el.draft.value);
    state.items = suggestions
      .map((s) => ({
        raw: s,
        key: `${s.target.url}\n${s.anchor.text}`,
        start: units(s.anchor.start),
        end: units(s.anchor.end),
        leadAt: s.lead_in_at == null ? null : units(s.lead_in_at),
      }))
      .filter((it) => !state.dismissed.has(it.key) && !excluded.has(it.raw.target.url));
    state.value = sentText;
    track(); // the writer may have typed since the request was sent
    render();
  }

  // --- rendering -------------------------------------------------------------------------

  function render(spot = focusSpot()) {
    // A "Why" the writer opened stays open when the same suggestion comes back.
    const open = new Set([...el.list.querySelectorAll(".why[open]")]
      .map((details) => cardKey(details.closest(".suggestion"))));
    el.list.replaceChildren(...state.items.map(card));
    for (const li of el.list.children) li.querySelector(".why").open = open.has(cardKey(li));
    restoreFocus(spot);
    const n = state.items.length;
    el.count.textContent = n ? `${n} suggestion${n === 1 ? "" : "s"}` : "None for this draft.";
    renderMarks();
  }

  // The backdrop mirrors the textarea's text with a <mark> on each anchor.
  function renderMarks() {
    const text = el.draft.value;
    const spans = [];
    for (const item of state.items) {
      const start = locate(text, item);
      if (start >= 0) spans.push([start, start + item.raw.anchor.text.length, item]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const parts = [];
    let pos = 0;
    for (const [start, end, item] of spans) {
      if (start < pos) continue;
      const mark = document.createElement("mark");
      mark.className = item.raw.kind;
      mark.textContent = text.slice(start, end);
      item.mark = mark;
      parts.push(text.slice(pos, start), mark);
      pos = end;
    }
    parts.push(text.slice(pos) + "\n"); // a trailing newline still takes a line
    el.backdrop.replaceChildren(...parts);
    syncScroll();
  }

  function syncScroll() {
    el.backdrop.scrollTop = el.draft.scrollTop;
    el.backdrop.scrollLeft = el.draft.scrollLeft;
  }

  const REASON_LABELS = {
    semantic: "Meaning", document: "Topic", anchor_fit: "Anchor", trust: "Trust",
    anchor_vocabulary: "Site links", self_reference: "Your work",
  };
  function reasonRow(r) {
    const match = /^(.+)_match$/.exec(r.code);
    const label = REASON_LABELS[r.code] || (match ? `In ${match[1]}` : r.code.replace(/_/g, " "));
    const row = document.createElement("li");
    const code = document.createElement("span");
    code.className = "reason-code";
    code.textContent = label;
    // Strengths in [0, 1] get their value; matches and link counts say it in words.
    const words = match || r.code === "anchor_vocabulary" || r.code === "self_reference";
    row.append(code, ` ${r.detail}${words ? "" : ` (${Number(r.value).toFixed(2)})`}`);
    return row;
  }

  const shorten = (s, n, fromEnd) => {
    const t = s.replace(/\s+/g, " ");
    if (t.length <= n) return t;
    return fromEnd ? `…${t.slice(-n).trimStart()}` : `${t.slice(0, n).trimEnd()}…`;
  };

  function card(item) {
    const s = item.raw;
    const li = el.card.content.firstElementChild.cloneNode(true);
    const put = (selector, text) => {
      const node = li.querySelector(selector);
      node.textContent = text;
      node.hidden = !text;
      return node;
    };
    Object.assign(li.dataset, { kind: s.kind, url: s.target.url, anchor: s.anchor.text });
    put(".badge", s.kind === "citation" ? "Citation" : "Internal").classList.add(s.kind);
    put(".score", `score ${s.score.toFixed(2)}${s.rel ? ` · rel=${s.rel}` : ""}`);
    const quote = put(".anchor", "");
    const mark = document.createElement("mark");
    mark.className = s.kind;
    mark.textContent = s.anchor.text;
    quote.append(shorten(s.anchor.context_before, 32, true), mark,
      shorten(s.anchor.context_after, 32, false));
    quote.hidden = false;
    quote.addEventListener("click", () => show(item));
    const by = s.target.publisher ? ` — ${s.target.publisher}` : "";
    put(".title", `${s.target.title || "(untitled)"}${by}`);
    put(".url", s.target.url).title = s.target.url;
    put(".lead-in", s.lead_in ? `Lead-in: “${s.lead_in.trim()}”` : "");
    const reasons = s.reasons || [];
    li.querySelector(".why").hidden = !reasons.length;
    put(".why-first", reasons.length ? reasons[0].detail : "");
    put(".why-more", reasons.length > 1 ? `+${reasons.length - 1} more` : "");
    li.querySelector(".reasons").append(...reasons.map(reasonRow));
    const name = s.target.title || s.target.url;
    for (const [verb, action] of [["Accept", accept], ["Dismiss", dismiss]]) {
      const node = li.querySelector(`.${verb.toLowerCase()}`);
      node.setAttribute("aria-label", `${verb}: “${s.anchor.text}” → ${name}`);
      node.addEventListener("click", () => action(item));
    }
    const active = (on) => item.mark && item.mark.classList.toggle("active", on);
    const hover = { mouseenter: true, mouseleave: false, focusin: true, focusout: false };
    for (const [type, on] of Object.entries(hover)) li.addEventListener(type, () => active(on));
    return li;
  }

  // --- wiring ----------------------------------------------------------------------------

  el.key.value = sessionStorage.getItem(KEY_STORAGE) || "";
  el.draft.addEventListener("input", () => { track(); renderMarks(); schedule(); });
  el.draft.addEventListener("scroll", syncScroll);
  el.format.addEventListener("change", request);
  el.url.addEventListener("change", request);
  el.key.addEventListener("change", () => {
    sessionStorage.setItem(KEY_STORAGE, el.key.value);
    request();
  });
  // Alt+Enter checks the draft now, without waiting for the pause in typing.
  document.addEventListener("keydown", (event) => {
    if (event.altKey && event.key === "Enter") { event.preventDefault(); request(); }
  });
  if (el.draft.value.trim()) request();
})();
