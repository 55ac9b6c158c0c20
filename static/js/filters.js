/* On a phone the rows come first: the filter sidebar (a <details>, open in the HTML so that it
   works without this script) starts closed there, unless it holds an error to read. On a wider
   screen it is always open, its summary hidden by the style sheet. */
(function () {
  var phone = window.matchMedia("(max-width: 800px)");
  var boxes = document.querySelectorAll("details.filters-toggle");
  function fit(first) {
    boxes.forEach(function (box) {
      if (!phone.matches) {
        box.open = true;
      } else if (first && !box.hasAttribute("data-keep-open")) {
        box.open = false;
      }
    });
  }
  fit(true);
  phone.addEventListener("change", function () { fit(false); });
})();
