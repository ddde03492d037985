// The article desk, made quicker: j/k/a/d keys, the actor autocomplete, and
// proposing a quote or an event from the words selected in the text. Every
// action is a plain form underneath; this file only fills and submits them.
(function () {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;
  const cards = Array.from(desk.querySelectorAll(".desk-cards .card"));
  let current = -1;

  function select(index, scroll = true) {
    if (!cards.length) return;
    index = Math.max(0, Math.min(cards.length - 1, index));
    if (current >= 0) cards[current].classList.remove("current");
    desk.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
    current = index;
    const card = cards[current];
    card.classList.add("current");
    card.focus({ preventScroll: true });
    const marks = desk.querySelectorAll('mark[data-target="' + card.id + '"]');
    marks.forEach((m) => m.classList.add("current"));
    if (!scroll) return;
    card.scrollIntoView({ block: "nearest" });
    if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
  }

  function press(value) {
    if (current < 0) return;
    const button = cards[current].querySelector('button[name="action"][value="' + value + '"]');
    if (button) button.form.requestSubmit(button);
  }

  // Start where the last action left off (the address's #s-N), else at the
  // first pending card.
  const start = cards.findIndex((c) => "#" + c.id === window.location.hash);
  const firstPending = cards.findIndex((c) => c.dataset.pending === "1");
  // A fresh visit starts at the top of the page; coming back from an action
  // shows the card the desk moved on to.
  if (start >= 0) select(start);
  else if (firstPending >= 0) select(firstPending, false);

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const keys = { j: () => select(current + 1), k: () => select(current - 1), a: () => press("accept"), d: () => press("discard") };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  cards.forEach((card, index) => card.addEventListener("focusin", () => {
    if (current !== index) {
      if (current >= 0) cards[current].classList.remove("current");
      current = index;
      card.classList.add("current");
    }
  }));
  desk.querySelectorAll("mark[data-target]").forEach((mark) => mark.addEventListener("click", () => {
    if (window.getSelection().toString()) return;
    const index = cards.findIndex((c) => c.id === mark.dataset.target);
    if (index >= 0) select(index);
  }));

  // Actor autocomplete: the admin's own autocomplete endpoint, into a datalist.
  const autocomplete = desk.dataset.autocomplete;
  desk.querySelectorAll("input.actor-input").forEach((input, number) => {
    const hidden = input.form.querySelector('input[name="' + input.name + '_id"]');
    const list = document.createElement("datalist");
    list.id = "actors-" + number;
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = null;
    let found = {};
    input.addEventListener("input", () => {
      const chosen = found[input.value];
      if (hidden) hidden.value = chosen || "";
      if (chosen) return;
      clearTimeout(timer);
      const term = input.value.trim();
      if (term.length < 2) return;
      timer = setTimeout(() => {
        const params = new URLSearchParams({ term: term, app_label: "events", model_name: "statement", field_name: "speaker" });
        fetch(autocomplete + "?" + params, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : { results: [] }))
          .then((data) => {
            found = {};
            list.replaceChildren();
            data.results.forEach((row) => {
              found[row.text] = row.id;
              const option = document.createElement("option");
              option.value = row.text;
              list.append(option);
            });
            if (found[input.value] && hidden) hidden.value = found[input.value];
          })
          .catch(() => {});
      }, 150);
    });
  });

  // Selecting words in the text fills the "propose" form with them and
  // where they stand (in characters of the stored text).
  const article = document.getElementById("desk-article");
  const propose = document.getElementById("desk-propose");
  function offsetOf(node, offset) {
    const holder = (node.nodeType === 3 ? node.parentElement : node).closest("[data-o]");
    if (!holder || !article.contains(holder)) return null;
    const before = node.nodeType === 3 ? node.data.slice(0, offset) : "";
    return Number(holder.dataset.o) + Array.from(before).length;
  }
  if (article && propose) {
    article.addEventListener("mouseup", () => {
      const selection = window.getSelection();
      const words = selection.toString();
      if (!words.trim() || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      const from = offsetOf(range.startContainer, range.startOffset);
      const to = offsetOf(range.endContainer, range.endOffset);
      propose.querySelector("textarea").value = words.trim();
      propose.querySelector('input[name="new-start"]').value = from === null ? "" : from;
      propose.querySelector('input[name="new-end"]').value = to === null ? "" : to;
      propose.classList.add("has-selection");
      propose.scrollIntoView({ block: "nearest" });
    });
  }
})();
