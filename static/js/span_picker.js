/* The event's change page: select words in a source's text, then "Use selection" on a
   statement sets its source, start and end (and its text when empty). Offsets count Unicode
   code points, as Python does; a selection is widened to whole words, as the server refuses
   a span that cuts one (readouts/admin_spans.py). */
(function () {
  "use strict";
  const WORD = /[\p{L}\p{N}_]/u;
  let last = null; // the last selection made in a source's text

  function offsetIn(panel, node, offset) {
    const range = document.createRange();
    range.selectNodeContents(panel);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    let node = range.commonAncestorContainer;
    if (node.nodeType !== Node.ELEMENT_NODE) node = node.parentElement;
    const panel = node && node.closest(".source-text");
    if (!panel) return null;
    const chars = Array.from(panel.textContent);
    let start = offsetIn(panel, range.startContainer, range.startOffset);
    let end = offsetIn(panel, range.endContainer, range.endOffset);
    while (start < end && /\s/u.test(chars[start])) start++;
    while (end > start && /\s/u.test(chars[end - 1])) end--;
    if (start >= end) return null;
    while (start > 0 && WORD.test(chars[start - 1]) && WORD.test(chars[start])) start--;
    while (end < chars.length && WORD.test(chars[end - 1]) && WORD.test(chars[end])) end++;
    return {
      sourceId: panel.dataset.sourceId,
      sourceLabel: panel.dataset.sourceLabel,
      start: start,
      end: end,
      text: chars.slice(start, end).join(""),
    };
  }

  function setSource(select, id, label) {
    if (!select || select.value === id) return;
    let option = Array.from(select.options).find((o) => o.value === id);
    if (!option) {
      option = new Option(label, id);
      select.append(option);
    }
    select.value = id;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function use(row) {
    const note = row.querySelector(".span-note");
    const span = last;
    if (!span) {
      note.textContent = "First select words in a source's text.";
      return;
    }
    setSource(row.querySelector("select[name$='-source']"), span.sourceId, span.sourceLabel);
    row.querySelector("input[name$='-start']").value = span.start;
    row.querySelector("input[name$='-end']").value = span.end;
    const text = row.querySelector("textarea[name$='-text']");
    if (text && !text.value.trim()) text.value = span.text;
    note.textContent = `Span set: ${span.start}–${span.end}.`;
  }

  function addButtons() {
    document.querySelectorAll("#statements-group tr.form-row").forEach((row) => {
      const end = row.querySelector("input[name$='-end']");
      if (!end || row.querySelector(".use-selection")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button use-selection";
      button.textContent = "Use selection";
      const note = document.createElement("span");
      note.className = "span-note";
      note.setAttribute("aria-live", "polite");
      end.after(button, note);
    });
  }

  document.addEventListener("selectionchange", () => {
    const span = selectedSpan();
    if (span) last = span;
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".use-selection");
    if (button) use(button.closest("tr.form-row"));
  });
  document.addEventListener("formset:added", addButtons);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
