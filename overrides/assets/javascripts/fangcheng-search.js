/* Fangcheng search. Every page: the header box keeps the current query. The search page: one box
   (in the page), results from Pagefind's API (this site's own /pagefind/ bundle, the index of the
   page's language), drawn here so that a result shows the name, the kind once and an excerpt of the
   page's own text: the search words an entry page carries for pinyin and Chinese names (after the
   anchor #fc-keywords, at the end of its indexed text) are cut from every excerpt. Everything from
   the index is inserted as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/assets\/javascripts\/fangcheng-search\.js(\?.*)?$/, "");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("fc-q");
  if (box && query) box.value = query;

  var target = document.getElementById("fc-search");
  if (!target || !box) return;
  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 30;
  var KEYWORDS_ANCHOR = "fc-keywords";
  var strings = target.dataset;
  var form = box.form;
  var status = el("p", "fc-search-page__status");
  status.setAttribute("role", "status");
  var list = el("ol", "fc-results");
  var more = el("button", "md-button fc-search-page__more");
  more.type = "button";
  more.textContent = strings.more;
  more.hidden = true;
  target.append(status, list, more);

  var pagefind = null;
  var current = null; /* {results, shown} of the latest search */
  var searchId = 0;

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function fill(template, count, term) {
    return template.replace("{count}", String(count)).replace("{query}", term);
  }

  /* Pinyin with tone marks or tone numbers (lǎobiān, lao3bian1) searches as plain pinyin (laobian). */
  function processTerm(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/([a-z])[1-5]/gi, "$1");
  }

  function load() {
    if (!pagefind) {
      pagefind = import(base + "pagefind/pagefind.js").then(function (module) {
        return module.options({ excerptLength: EXCERPT_WORDS, ranking: { pageLength: 0.2, termSimilarity: 6 } }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  /* The page's own words (Pagefind's indexed text up to the keywords anchor) and the matches in them. */
  function ownText(data) {
    var raw = data.raw_content || "";
    var zws = raw.indexOf("\u200B") >= 0;
    var words = (zws ? raw.split("\u200B") : raw.split(/[\r\n\s]+/g)).map(function (word) {
      return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    });
    var end = words.length;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.id === KEYWORDS_ANCHOR) end = Math.min(end, anchor.location);
    });
    var hits = (data.weighted_locations || []).filter(function (hit) {
      return hit.location < end;
    });
    return { words: words.slice(0, end), joiner: zws ? "" : " ", hits: hits };
  }

  /* Where the excerpt starts: the window of EXCERPT_WORDS words holding the highest score. */
  function excerptStart(hits, total) {
    var best = 0;
    var bestScore = -1;
    hits.forEach(function (hit) {
      var from = Math.max(0, hit.location - Math.floor(EXCERPT_WORDS / 4));
      var score = 0;
      hits.forEach(function (other) {
        if (other.location >= from && other.location < from + EXCERPT_WORDS) score += other.balanced_score || other.weight || 1;
      });
      if (score > bestScore) {
        bestScore = score;
        best = from;
      }
    });
    return Math.max(0, Math.min(best, total - EXCERPT_WORDS));
  }

  function excerpt(data) {
    var text = ownText(data);
    var marked = {};
    text.hits.forEach(function (hit) {
      marked[hit.location] = true;
    });
    var start = excerptStart(text.hits, text.words.length);
    var paragraph = el("p", "fc-result__excerpt");
    var plain = "";
    var flush = function () {
      if (plain) paragraph.append(document.createTextNode(plain));
      plain = "";
    };
    for (var i = start; i < Math.min(text.words.length, start + EXCERPT_WORDS); i++) {
      if (i > start) plain += text.joiner;
      if (marked[i]) {
        flush();
        var mark = el("mark");
        mark.textContent = text.words[i];
        paragraph.append(mark);
      } else {
        plain += text.words[i];
      }
    }
    plain = plain.replace(/\s+$/, "");
    flush();
    return paragraph;
  }

  function resultItem(data) {
    var item = el("li", "fc-result");
    var title = el("h2", "fc-result__title");
    var link = el("a", "fc-result__link");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.append(link);
    item.append(title);
    if (data.meta && data.meta.kind) {
      var kind = el("p", "fc-result__kind");
      kind.textContent = data.meta.kind;
      item.append(kind);
    }
    item.append(excerpt(data));
    return item;
  }

  function showMore(id) {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += batch.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (id !== searchId) return;
      pages.forEach(function (data) {
        list.append(resultItem(data));
      });
      more.hidden = current.shown >= current.results.length;
      target.dataset.state = "done";
    });
  }

  function run(term) {
    var id = ++searchId;
    term = term.trim();
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      target.dataset.state = "idle";
      return Promise.resolve();
    }
    target.dataset.state = "searching";
    status.textContent = strings.searching;
    return load()
      .then(function (module) {
        return module.search(processTerm(term));
      })
      .then(function (search) {
        if (id !== searchId || !search) return;
        var count = search.results.length;
        status.textContent = fill(count === 0 ? strings.none : count === 1 ? strings.one : strings.many, count, term);
        list.replaceChildren();
        current = { results: search.results, shown: 0 };
        return showMore(id);
      })
      .catch(function (error) {
        if (id !== searchId) return;
        status.textContent = strings.failed;
        target.dataset.state = "failed";
        if (window.console) console.error(error);
      });
  }

  /* Keep the address in step with the query, so that it can be shared or bookmarked. */
  function remember(term) {
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  var timer = 0;
  box.addEventListener("input", function () {
    remember(box.value);
    clearTimeout(timer);
    timer = setTimeout(function () {
      run(box.value);
    }, 120);
  });
  box.addEventListener("focus", load, { once: true });
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      remember(box.value);
      run(box.value);
    });
  }
  more.addEventListener("click", function () {
    showMore(searchId);
  });
  if (query) run(query);
  else box.focus();
})();
