// The workflow box of a change page: says when the form has unsaved changes
// (a workflow button then saves them first, as one change) and asks before
// leaving the page with them. The form is compared with what it held once
// the page had loaded, so widgets that set themselves up (autocompletes,
// date pickers) never count as a change. Without script, the buttons still
// submit the form and nothing is lost.
"use strict";

(function () {
  const SKIPPED = /^(csrfmiddlewaretoken|_workflow)/;

  function snapshot(form) {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      if (SKIPPED.test(name)) continue;
      pairs.push(name + "=" + (typeof value === "string" ? value : value.name));
    }
    return pairs.join("&");
  }

  function start() {
    const note = document.getElementById("workflow-unsaved");
    const form = note && document.getElementById(note.dataset.form);
    if (!form) return;
    const loaded = snapshot(form);
    let submitting = false;
    const dirty = () => snapshot(form) !== loaded;
    const update = () => {
      note.hidden = !dirty();
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    // Autocompletes change their select through jQuery, which fires no
    // native event: check again whenever the editor has done something.
    document.addEventListener("click", () => setTimeout(update, 0));
    document.addEventListener("keyup", update);
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (!submitting && dirty()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    update();
  }

  // After every other script of the page has set its widgets up.
  if (document.readyState === "complete") {
    setTimeout(start, 0);
  } else {
    window.addEventListener("load", () => setTimeout(start, 0));
  }
})();
