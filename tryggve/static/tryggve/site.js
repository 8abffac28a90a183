// Small behaviours of every page, in a static file because the Content-Security-Policy
// allows no inline script or event handler.
(function () {
  "use strict";
  // A select that leads elsewhere: each option carries the URL of its page.
  document.querySelectorAll("select[data-navigate]").forEach((select) => {
    select.addEventListener("change", () => {
      const url = select.selectedOptions[0] && select.selectedOptions[0].dataset.url;
      if (url) window.location.href = url;
    });
  });
})();
