/* Citation lookup: results as the writer types, copy buttons, keyboard. */
(function () {
  "use strict";

  var STYLE_ORDER = ["text", "markdown", "html", "csl-json", "claim-review"];
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

  function asText(value) {
    return typeof value === "string" ? value : JSON.stringify(value, null, 2);
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

  function copy(article, style) {
    var styles = stylesOf(article);
    if (!(style in styles)) {
      say("No " + (LABELS[style] || style) + " citation for this item.", "error");
      return;
    }
    var text = styles[style];
    var done = function () {
      say("Copied the " + LABELS[style] + " citation.", "copied");
      article.classList.add("just-copied");
      window.setTimeout(function () { article.classList.remove("just-copied"); }, 800);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        say("The browser refused the clipboard; open Citations and copy by hand.", "error");
      });
    } else {
      var area = article.querySelector('textarea[data-style="' + style + '"]');
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
    var article = el("article", "result kind-" + result.kind);
    article.tabIndex = -1;
    article.dataset.kind = result.kind;
    article.dataset.id = result.id;
    var meta = el("p", "meta");
    meta.appendChild(el("span", "kind", d.kind_label));
    if (result.kind !== "actor") { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "date", d.date)); }
    if (d.corrections.length) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge corrected-mark", "Corrected")); }
    if (d.claim) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge claim-mark", "Claim: " + d.claim.rating)); }
    article.appendChild(meta);
    if (result.kind === "statement") {
      var quote = el("blockquote", "quote" + (d.paraphrase ? " paraphrase" : ""));
      if (d.paraphrase) {
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
      article.appendChild(el("h2", "headline", d.headline));
      if (d.detail) { article.appendChild(el("p", "detail", d.detail)); }
      if (d.aliases && d.aliases.length) { article.appendChild(el("p", "who", "Also: " + d.aliases.join(", "))); }
    }
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
      if (d.source.date && d.source.date !== "date unknown") { source.appendChild(document.createTextNode(", " + d.source.date)); }
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
    var styles = STYLE_ORDER.filter(function (s) { return s in result.citation_styles; });
    if (styles.length) {
      var group = el("div", "copy");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Copy citation");
      styles.forEach(function (s) {
        var button = el("button", "copy-button", LABELS[s]);
        button.type = "button";
        button.dataset.style = s;
        button.hidden = true;
        group.appendChild(button);
      });
      var details = el("details", "citations");
      details.appendChild(el("summary", "", "Citations"));
      styles.forEach(function (s) {
        var label = el("label", "citation", LABELS[s]);
        var area = el("textarea");
        area.readOnly = true;
        area.rows = 3;
        area.dataset.style = s;
        area.value = asText(result.citation_styles[s]);
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

  function show(body) {
    list.textContent = "";
    pages.textContent = "";
    body.results.forEach(function (result) { list.appendChild(render(result)); });
    if (!body.results.length) {
      say("No vetted record matches. Try fewer words, or another spelling.");
    } else {
      var fixes = Object.keys(body.corrected || {});
      if (fixes.length) {
        say("Also looked for: " + fixes.map(function (typed) { return body.corrected[typed] + " for \u201c" + typed + "\u201d"; }).join(", "), "corrected");
      } else {
        say("");
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
      copy(current, defaultStyle.value);
    } else if (/^[1-5]$/.test(event.key)) {
      event.preventDefault();
      copy(current, STYLE_ORDER[Number(event.key) - 1]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      select(null);
      box.focus();
    }
  });

  articles().forEach(enhance);
  lastQuery = params().toString();
})();
