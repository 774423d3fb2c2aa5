// A quote's page while Sage 100 prices or records it (« Cette page se met à jour toute
// seule… »): every 2 s the page is asked again in the background, and reloaded once its
// status has changed. Not <meta http-equiv="refresh">, which reloads under the reader's
// eyes every 2 s whatever happened (WCAG 2.2.1, axe-core's « meta-refresh »).
"use strict";
(() => {
  const shown = document.getElementById("quote-status");
  if (!shown) return;
  const look = async () => {
    try {
      const response = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !response.redirected) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const now = page.getElementById("quote-status");
        if (!now || now.dataset.status !== shown.dataset.status) {
          location.reload();
          return;
        }
      }
    } catch (error) {
      // The network failed a moment: the next look tries again.
    }
    setTimeout(look, 2000);
  };
  setTimeout(look, 2000);
})();
