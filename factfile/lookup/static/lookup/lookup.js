/* Citation lookup: results as the writer types, copy buttons, keyboard. */
(function () {
  "use strict";

  var LABELS = {
    "text": "Plain text", "markdown": "Markdown", "html": "HTML",
    "csl-json": "CSL-JSON", "claim-review": "ClaimReview"
  };
  var DELAY = 200;

  var form = document.querySelector("form.search");
  var box = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var pages = document.getElementById("pages");
  var defaultStyle = document.getElementById("default-style");
  if (!form || !box || !list) { return; }

  var timer = null;
  var pending = null;
  var lastQuery = null;

  try {
    var saved = window.localStorage.getItem("lookup-style");
    if (saved && LABELS[saved]) { defaultStyle.value = saved; }
  } catch (e) { /* storage may be off */ }
  defaultStyle.addEventListener("change", function () {
    try { window.localStorage.setItem("lookup-style", defaultStyle.value); } catch (e) { /* ignore */ }
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function stylesOf(article) {
    var styles = {};
    article.querySelectorAll("textarea[data-style]").forEach(function (area) {
      styles[area.dataset.style] = area.value;
    });
    return styles;
  }

  function say(message, className) {
    status.textContent = "";
    if (message) { status.appendChild(el("p", className || "", message)); }
  }

  // The story a writer copies for: kept in this browser; every copy is then
  // noted as used by it, through the same-origin, CSRF-checked endpoint.
  var storyBox = document.getElementById("story-url");
  var storyUsage = document.getElementById("story-usage");
  if (storyBox) {
    try { storyBox.value = window.localStorage.getItem("lookup-story-url") || ""; } catch (e) { /* storage may be off */ }
    storyBox.addEventListener("change", function () {
      try { window.localStorage.setItem("lookup-story-url", storyBox.value.trim()); } catch (e) { /* ignore */ }
    });
  }

  function noteUsage(article, copied) {
    var story = storyBox ? storyBox.value.trim() : "";
    if (!story || !storyUsage || !article.dataset.kind || !article.dataset.id) {
      say(copied, "copied");
      return;
    }
    var body = new URLSearchParams();
    body.append("url", story);
    body.append("record", article.dataset.kind + ":" + article.dataset.id);
    fetch(storyUsage.dataset.usage, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": storyUsage.dataset.csrf, "Accept": "application/json" },
      body: body
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok) {
          say(copied + " Noted as used by " + answer.url + ".", "copied");
        } else {
          say(copied + " Not noted for the story: " + (answer.error || response.status), "error");
        }
      });
    }).catch(function () {
      say(copied + " Not noted for the story: no answer.", "error");
    });
  }

  function copy(article, style) {
    if (article.classList.contains("retracted")) {
      say("This record was retracted: there is nothing to copy.", "error");
      return;
    }
    var styles = stylesOf(article);
    if (!(style in styles)) {
      say("No " + (LABELS[style] || style) + " citation for this item.", "error");
      return;
    }
    var text = styles[style];
    var area = article.querySelector('textarea[data-style="' + style + '"]');
    var what = LABELS[style] ? "the " + LABELS[style] + " citation" : (area.dataset.label || style).toLowerCase();
    var done = function () {
      noteUsage(article, "Copied " + what + ".");
      article.classList.add("just-copied");
      window.setTimeout(function () { article.classList.remove("just-copied"); }, 800);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        say("The browser refused the clipboard; open Citations and copy by hand.", "error");
      });
    } else {
      area.closest("details").open = true;
      area.select();
      try { document.execCommand("copy"); done(); } catch (e) { say("Press Ctrl+C to copy.", ""); }
    }
  }

  function enhance(article) {
    article.querySelectorAll(".copy-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        select(article);
        copy(article, button.dataset.style);
      });
    });
  }

  function articles() { return Array.prototype.slice.call(list.querySelectorAll("article.result")); }

  function select(article) {
    articles().forEach(function (a) { a.classList.remove("selected"); a.setAttribute("aria-selected", "false"); });
    if (!article) { return; }
    article.classList.add("selected");
    article.setAttribute("aria-selected", "true");
    article.focus();
    article.scrollIntoView({ block: "nearest" });
  }

  function render(result) {
    var d = result.display;
    var article = el("article", "result kind-" + result.kind + (d.retracted ? " retracted" : ""));
    article.tabIndex = -1;
    article.dataset.kind = result.kind;
    article.dataset.id = result.id;
    var meta = el("p", "meta");
    meta.appendChild(el("span", "kind", d.kind_label));
    if (d.date) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "date", d.date)); }
    if (d.retracted) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge retracted-mark", "Retracted")); }
    if (d.corrections.length) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge corrected-mark", "Corrected")); }
    if (d.claim) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge claim-mark", "Claim: " + d.claim.rating)); }
    article.appendChild(meta);
    if (result.kind === "statement") {
      var quote = el("blockquote", "quote" + (d.paraphrase ? " paraphrase" : ""));
      if (d.retracted) {
        quote.classList.add("withdrawn");
        quote.appendChild(el("del", "", "Words withdrawn"));
      } else if (d.paraphrase) {
        quote.textContent = d.headline + " ";
        quote.appendChild(el("span", "note", "(paraphrase)"));
      } else {
        quote.textContent = "\u201c" + d.headline + "\u201d";
      }
      article.appendChild(quote);
      var who = el("p", "who", "\u2014 ");
      who.appendChild(el("strong", "", d.speaker));
      if (d.speaker_title) { who.appendChild(document.createTextNode(", " + d.speaker_title)); }
      article.appendChild(who);
    } else {
      var headline = el("h2", "headline");
      if (d.retracted) { headline.appendChild(el("del", "withdrawn", d.kind_label + " withdrawn")); } else { headline.textContent = d.headline; }
      article.appendChild(headline);
      if (d.detail) { article.appendChild(el("p", "detail", d.detail)); }
      if (d.aliases && d.aliases.length) { article.appendChild(el("p", "who", "Also: " + d.aliases.join(", "))); }
      if (d.title_on) { article.appendChild(el("p", "who title-on", "On " + d.title_on.day + ": " + d.title_on.title)); }
    }
    if (d.retracted) {
      var retraction = el("p", "retraction");
      retraction.appendChild(el("strong", "", "Retracted on " + d.retracted.on + ":"));
      retraction.appendChild(document.createTextNode(" " + d.retracted.reason + " "));
      if (/^\/r\/[a-z]+\/[0-9]+\/$/.test(d.retracted.page)) {
        var page = el("a", "", "Record page");
        page.href = d.retracted.page;
        retraction.appendChild(page);
      }
      article.appendChild(retraction);
    }
    if (d.missing && d.missing.length) { article.appendChild(el("p", "missing", "Without: " + d.missing.join(", "))); }
    if (d.source) {
      var source = el("p", "source", "Source: ");
      if (d.source.url && /^https?:\/\//i.test(d.source.url)) {
        var link = el("a", "", d.source.title);
        link.href = d.source.url;
        link.rel = "noopener noreferrer";
        source.appendChild(link);
      } else {
        source.appendChild(document.createTextNode(d.source.title));
      }
      if (d.source.publisher) {
        source.appendChild(document.createTextNode(", "));
        source.appendChild(el("span", "publisher", d.source.publisher));
      }
      if (d.source.date) { source.appendChild(document.createTextNode(", " + d.source.date)); }
      article.appendChild(source);
    }
    if (d.translation) {
      article.appendChild(el("p", "translation", d.translation.language + ", " + d.translation.translated_by + ": \u201c" + d.translation.text + "\u201d"));
    }
    if (d.notice) {
      var notice = el("p", "notice");
      notice.appendChild(el("strong", "", d.notice));
      article.appendChild(notice);
    }
    (d.relations || []).forEach(function (note) { article.appendChild(el("p", "relation", note)); });
    d.corrections.forEach(function (c) {
      var p = el("p", "correction");
      p.appendChild(el("strong", "", "Corrected " + c.date + ":"));
      p.appendChild(document.createTextNode(" " + c.note));
      article.appendChild(p);
    });
    if (d.claim) {
      var claim = el("p", "claim");
      claim.appendChild(el("strong", "", "Claim rated " + d.claim.rating + ":"));
      claim.appendChild(document.createTextNode(" " + d.claim.reasoning));
      article.appendChild(claim);
    }
    if (!d.retracted && /^\/r\/[a-z]+\/[0-9]+\/$/.test(d.page || "")) {
      var recordPage = el("p", "record-page");
      var recordLink = el("a", "", "Record page");
      recordLink.href = d.page;
      recordPage.appendChild(recordLink);
      article.appendChild(recordPage);
    }
    var copies = result.copies || [];
    if (copies.length) {
      var group = el("div", "copy");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", result.kind === "statement" || result.kind === "event" ? "Copy citation" : "Copy");
      copies.forEach(function (c) {
        var button = el("button", "copy-button", c.style in LABELS ? LABELS[c.style] : c.label);
        button.type = "button";
        button.dataset.style = c.style;
        button.hidden = true;
        group.appendChild(button);
      });
      var details = el("details", "citations");
      details.appendChild(el("summary", "", result.kind === "statement" || result.kind === "event" ? "Citations" : "To copy"));
      copies.forEach(function (c) {
        var label = el("label", "citation", c.label);
        var area = el("textarea");
        area.readOnly = true;
        area.rows = 3;
        area.dataset.style = c.style;
        area.dataset.label = c.label;
        area.value = c.text;
        label.appendChild(area);
        details.appendChild(label);
      });
      group.appendChild(details);
      article.appendChild(group);
    }
    enhance(article);
    var item = el("li");
    item.appendChild(article);
    return item;
  }

  function params() {
    var data = new FormData(form);
    var query = new URLSearchParams();
    data.forEach(function (value, key) { if (value) { query.append(key, value); } });
    return query;
  }

  function quoted(words) {
    return words.map(function (w) { return "\u201c" + w + "\u201d"; }).join(", ");
  }

  // What a response shows; an answer that shows the same as the page is not
  // drawn again, so a copy button being clicked, the selected result and
  // the "Copied" message stay where they are.
  var shown = null;

  function signature(body) {
    return JSON.stringify([
      body.results.map(function (r) { return [r.kind, r.id, r.display.missing]; }),
      body.closest || [], body.corrected || {}, body.unknown_speakers || [], body.next || ""
    ]);
  }

  function show(body) {
    var drawn = signature(body);
    if (drawn === shown) { return; }
    shown = drawn;
    list.textContent = "";
    pages.textContent = "";
    status.textContent = "";
    body.results.forEach(function (result) { list.appendChild(render(result)); });
    var unknown = body.unknown_speakers || [];
    if (unknown.length) {
      status.appendChild(el("p", "error", "No actor is called " + quoted(unknown) + ": try another spelling, or choose a speaker under Filters."));
    } else if (!body.results.length) {
      status.appendChild(el("p", "", "No vetted record matches. Try fewer words, or another spelling."));
    } else {
      if (body.closest && body.closest.length) {
        status.appendChild(el("p", "closest", "No record has all of " + quoted(body.closest) + "; closest matches:"));
      }
      var fixes = Object.keys(body.corrected || {});
      if (fixes.length) {
        status.appendChild(el("p", "corrected", "Also looked for: " + fixes.map(function (typed) { return body.corrected[typed] + " for \u201c" + typed + "\u201d"; }).join(", ")));
      }
    }
    if (body.next) {
      var more = el("a", "", "More results \u2192");
      var next = params();
      next.set("page", "2");
      more.href = "?" + next.toString();
      pages.appendChild(more);
    }
  }

  function lookUp() {
    var query = params();
    var key = query.toString();
    if (key === lastQuery) { return; }
    lastQuery = key;
    if (!query.get("q")) {
      shown = null;
      list.textContent = "";
      pages.textContent = "";
      say("");
      window.history.replaceState(null, "", window.location.pathname);
      return;
    }
    if (pending) { pending.abort(); }
    pending = new AbortController();
    window.history.replaceState(null, "", "?" + key);
    fetch(form.dataset.api + "?" + key, { headers: { "Accept": "application/json" }, signal: pending.signal })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      })
      .then(function (answer) {
        if (answer.ok) {
          show(answer.body);
          list.setAttribute("aria-busy", "false");
        } else if (answer.status === 400) {
          shown = null;
          list.textContent = "";
          var messages = [];
          Object.keys(answer.body).forEach(function (field) {
            [].concat(answer.body[field]).forEach(function (m) { messages.push(String(m)); });
          });
          say(messages.join(" "), "error");
        } else {
          say("The lookup is not answering just now; try again in a moment.", "error");
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { say("The lookup is not answering just now.", "error"); }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, DELAY);
  }

  // "/" jumps to the box from anywhere else; in the box it is a character
  // like any other (the box has focus when the page opens), and the hint
  // says which of the two a "/" does now.
  var slashHint = document.getElementById("slash-hint");
  function hintSlash() {
    if (!slashHint) { return; }
    slashHint.textContent = document.activeElement === box
      ? "types a / (you are in the box)"
      : "jumps to the search box";
  }
  box.addEventListener("focus", hintSlash);
  box.addEventListener("blur", hintSlash);
  hintSlash();

  box.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    lastQuery = null;
    lookUp();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    var current = target && target.closest ? target.closest("article.result") : null;
    var all = articles();
    if (event.key === "/" && !typing) {
      event.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if (target === box && event.key === "ArrowDown") {
      if (all.length) { event.preventDefault(); select(all[0]); }
      return;
    }
    if (!current || typing) { return; }
    var index = all.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "j") {
      event.preventDefault();
      if (index < all.length - 1) { select(all[index + 1]); }
    } else if (event.key === "ArrowUp" || event.key === "k") {
      event.preventDefault();
      if (index > 0) { select(all[index - 1]); } else { select(null); box.focus(); }
    } else if (event.key === "Enter") {
      if (target.tagName === "BUTTON" || target.tagName === "A" || target.tagName === "SUMMARY") { return; }
      event.preventDefault();
      var styles = stylesOf(current);
      var first = Object.keys(styles)[0];
      // An actor or a source has no citation styles: Enter copies its first part.
      copy(current, defaultStyle.value in styles || !first ? defaultStyle.value : first);
    } else if (/^[1-9]$/.test(event.key)) {
      event.preventDefault();
      var buttons = current.querySelectorAll(".copy-button");
      var chosen = buttons[Number(event.key) - 1];
      if (chosen) { copy(current, chosen.dataset.style); } else { say("No copy " + event.key + " for this item.", "error"); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      select(null);
      box.focus();
    }
  });

  // Typeahead filters: the box holds a name (the server reads it as
  // speaker: reads one); choosing an option also sets the hidden id, which
  // the server prefers. Typing again forgets the chosen id.
  function typeahead(input) {
    var hidden = document.getElementById(input.dataset.target);
    var options = document.getElementById(input.getAttribute("aria-controls"));
    if (!hidden || !options) { return; }
    var wait = null;
    var asking = null;
    var active = -1;

    function items() { return Array.prototype.slice.call(options.querySelectorAll("li")); }

    function close() {
      options.hidden = true;
      options.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      var all = items();
      active = all.length ? (index + all.length) % all.length : -1;
      all.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(item) {
      input.value = item.dataset.name;
      hidden.value = item.dataset.id;
      close();
      schedule();
    }

    function fill(results) {
      options.textContent = "";
      active = -1;
      results.forEach(function (option, i) {
        var item = el("li", "", option.name);
        item.id = options.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.id = option.id;
        item.dataset.name = option.name;
        if (option.also) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(el("span", "also", option.also));
        }
        // Chosen on mousedown, before the box loses focus.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        options.appendChild(item);
      });
      options.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    function ask() {
      var typed = input.value.trim();
      if (asking) { asking.abort(); }
      if (!typed) { close(); return; }
      asking = new AbortController();
      fetch(input.dataset.options + "?" + new URLSearchParams({ q: typed }).toString(),
            { headers: { "Accept": "application/json" }, signal: asking.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) {
          if (document.activeElement === input) { fill(body.results || []); }
        })
        .catch(function () { /* the box still works as typed */ });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      window.clearTimeout(wait);
      wait = window.setTimeout(ask, DELAY / 2);
    });
    input.addEventListener("keydown", function (event) {
      var open = !options.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        mark(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(items()[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 0); });
  }

  document.querySelectorAll("input.typeahead-input").forEach(typeahead);

  articles().forEach(enhance);
  lastQuery = params().toString();
})();
