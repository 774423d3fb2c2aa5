// Live product suggestions of the quote form: each line's <datalist> follows what is typed.
// Without this file the form still works: the server resolves or lists the matches on submit.
"use strict";
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.suggest) return;
  clearTimeout(input.suggestTimer);
  input.suggestTimer = setTimeout(async () => {
    const url = input.dataset.suggest + "?q=" + encodeURIComponent(input.value);
    const response = await fetch(url, { credentials: "same-origin" });
    const list = document.getElementById(input.getAttribute("list"));
    if (response.ok && !response.redirected && list) list.innerHTML = await response.text();
  }, 250);
});
