/* Fangcheng search: the header box keeps the current query, and the search page runs Pagefind's UI
   (loaded from this site's own /pagefind/ folder, in the page's language) on ?q=. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/assets\/javascripts\/fangcheng-search\.js(\?.*)?$/, "");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("fc-q");
  if (box && query) box.value = query;

  var target = document.getElementById("fc-search");
  if (!target) return;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "pagefind/pagefind-ui.css";
  document.head.appendChild(css);
  var ui = document.createElement("script");
  ui.src = base + "pagefind/pagefind-ui.js";
  ui.onload = function () {
    var search = new window.PagefindUI({
      element: "#fc-search",
      bundlePath: base + "pagefind/",
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      autofocus: !query,
      pageSize: 10,
      debounceTimeoutMs: 120,
      ranking: { pageLength: 0.2, termSimilarity: 6 },
      /* Pinyin with tone marks or tone numbers (lǎobiān, lao3bian1) searches as plain pinyin (laobian). */
      processTerm: function (term) {
        return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/([a-z])[1-5]/gi, "$1");
      },
      processResult: function (result) {
        if (result.meta && result.meta.kind) result.meta.title = result.meta.title + " · " + result.meta.kind;
        return result;
      },
    });
    /* Pagefind's box has only a title; give it the same accessible name as the header box. */
    var label = document.querySelector('label[for="fc-q"]');
    var input = target.querySelector("input");
    if (input && label) input.setAttribute("aria-label", label.textContent.trim());
    if (query) search.triggerSearch(query);
    /* Keep the address in step with the query, so that it can be shared or bookmarked. */
    target.addEventListener("input", function (event) {
      if (!event.target || event.target.tagName !== "INPUT") return;
      var url = new URL(window.location.href);
      if (event.target.value) url.searchParams.set("q", event.target.value); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
    });
  };
  document.head.appendChild(ui);
})();
