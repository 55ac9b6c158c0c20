// The Cite box's copy buttons: copy the citation with the Clipboard API, or, where the browser
// refuses (no secure context, no permission), select it for Ctrl+C. Without this script the
// buttons stay hidden and the citations stay selectable.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var area = document.getElementById(button.getAttribute("data-copy"));
    var status = button.closest(".cite").querySelector(".copy-status");
    if (!area) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      function selectIt() {
        area.focus();
        area.select();
        status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(function () {
          status.textContent = "Copied.";
        }, selectIt);
      } else {
        selectIt();
      }
    });
  });
})();
