// Marks, in a story, the quotes whose fact-file record was corrected or
// retracted. The story marks each quote with the record it cites,
//   <blockquote data-factfile-record="statement:12">...</blockquote>
// and loads this file with a plain <script src=".../static/factfile/status.js"
// async></script>: no inline script, no style sheet, nothing to configure.
// It asks /api/v1/status/ of the fact file it was loaded from (or of the
// address in the script tag's data-factfile-api) for every marked record,
// a hundred at a time, and adds a note after each corrected or retracted
// quote, written as text, never as markup. A quote whose record is as
// published is left as it is. Styles are set through the DOM, which a
// Content-Security-Policy without 'unsafe-inline' allows.
"use strict";

(function () {
  const ATTRIBUTE = "data-factfile-record";
  const BATCH = 100;
  const ID = /^(statement|event|actor|source|citation):[1-9][0-9]{0,17}$/;
  const LOOKS = {
    corrected: { color: "#8a4b00", background: "#fff4e0" },
    retracted: { color: "#8f1d1d", background: "#fdeced" },
  };

  const script =
    document.currentScript ||
    document.querySelector('script[src*="factfile/status"]');
  if (!script) return;
  const api = new URL(
    script.getAttribute("data-factfile-api") || "/api/v1/status/",
    script.src,
  );

  function day(iso) {
    const date = new Date(iso + "T00:00:00Z");
    if (Number.isNaN(date.getTime())) return "";
    return date.toLocaleDateString("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
  }

  function note(state) {
    const box = document.createElement("span");
    box.className = "factfile-status factfile-" + state.state;
    box.setAttribute("role", "note");
    const look = LOOKS[state.state];
    box.style.display = "inline-block";
    box.style.margin = "0.25em 0";
    box.style.padding = "0 0.4em";
    box.style.borderRadius = "0.25em";
    box.style.font = "600 0.85em/1.6 system-ui, sans-serif";
    box.style.color = look.color;
    box.style.background = look.background;
    const when = day(
      state.state === "corrected" ? state.corrected_on : state.retracted_on,
    );
    const label =
      (state.state === "corrected" ? "Corrected" : "Retracted") +
      (when ? " on " + when : "");
    const link = document.createElement(state.url ? "a" : "span");
    if (state.url) {
      link.href = state.url;
      link.style.color = "inherit";
    }
    link.textContent = label;
    box.appendChild(link);
    const words = state.state === "corrected" ? state.note : state.reason;
    if (words) box.appendChild(document.createTextNode(": " + words));
    return box;
  }

  function mark(element, state) {
    if (!LOOKS[state.state]) return;
    if (element.getAttribute("data-factfile-state") === state.state) return;
    element.setAttribute("data-factfile-state", state.state);
    if (state.state === "retracted") {
      element.style.textDecoration = "line-through";
    }
    const box = note(state);
    if (element.nextSibling) {
      element.parentNode.insertBefore(box, element.nextSibling);
    } else {
      element.parentNode.appendChild(box);
    }
  }

  async function ask(ids) {
    const url = new URL(api);
    url.search = "ids=" + ids.join(",");
    const response = await fetch(url, { credentials: "omit" });
    if (!response.ok) return [];
    return (await response.json()).results || [];
  }

  async function run() {
    const elements = Array.from(document.querySelectorAll("[" + ATTRIBUTE + "]"));
    const byId = new Map();
    for (const element of elements) {
      const id = (element.getAttribute(ATTRIBUTE) || "").trim();
      if (!ID.test(id)) continue;
      if (!byId.has(id)) byId.set(id, []);
      byId.get(id).push(element);
    }
    const ids = Array.from(byId.keys());
    for (let start = 0; start < ids.length; start += BATCH) {
      let states;
      try {
        states = await ask(ids.slice(start, start + BATCH));
      } catch (error) {
        // The story reads as before when the fact file cannot be reached.
        return;
      }
      for (const state of states) {
        for (const element of byId.get(state.id) || []) mark(element, state);
      }
    }
    document.documentElement.setAttribute("data-factfile-checked", "");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
