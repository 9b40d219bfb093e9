/* The browse pages' filters (overrides/fangcheng/browse.html, map.html). Without JavaScript each page shows
   its cards and links the other pages; there is no filter button. With it, the button in the bar opens the
   filter form and shows how many options are chosen. A change filters the cards (options of one filter: any
   of them; different filters: all of them) over every entry of the kind: when the list has more pages than
   one, the first change loads every card (data-fc-all, the kind's cards.json) and shows the matches sixty at
   a time ("show more"). The choice stays in the address (?category=restaurant&level=national, so a filtered
   list can be shared), each option's count is the cards it would show with the other filters as they are,
   and the result count is announced (role="status"). One pass over the cards per change. */
(function () {
  "use strict";

  var AT_ONCE = 60; // cards shown at a time while filtering (render.CARDS_PER_PAGE)

  function start() {
    var form = document.querySelector("[data-fc-filters]");
    var list = document.getElementById("cards");
    var status = document.getElementById("fc-count");
    var toggle = document.querySelector("[data-fc-filter-toggle]");
    if (!form || !list || !status || !toggle) return;
    var pages = document.querySelector("[data-fc-pages]");
    var more = document.querySelector("[data-fc-more]");
    var moreButton = more && more.querySelector("button");
    var badge = toggle.querySelector("[data-fc-active]");
    var badgeNumber = toggle.querySelector("[data-fc-active-number]");
    var badgeWords = toggle.querySelector("[data-fc-active-words]");
    var names = [];
    var boxes = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (!boxes[box.name]) { boxes[box.name] = []; names.push(box.name); }
      boxes[box.name].push(box);
    });

    function card(element) {
      var values = {};
      names.forEach(function (name) {
        var value = element.getAttribute("data-" + name);
        values[name] = value ? value.split(" ") : [];
      });
      return { element: element, values: values };
    }

    var own = Array.prototype.slice.call(list.children); // this page's cards
    var cards = own.map(card); // every card the filters see: this page's, or the kind's once loaded
    var source = list.getAttribute("data-fc-all"); // the kind's cards, when the list has more pages
    var loading = null;
    var allText = status.textContent;
    var total = status.getAttribute("data-fc-total") || String(cards.length);
    var template = status.getAttribute("data-fc-template") || "{shown}/{count}";
    var shownLimit = AT_ONCE;
    var matches = [];
    var showingOwn = true;

    function load() {
      if (!source) return null;
      if (!loading) {
        var address = new URL(source, window.location.href);
        loading = fetch(address.href)
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (data) {
            var holder = document.createElement("template");
            holder.innerHTML = data.html;
            var elements = Array.prototype.slice.call(holder.content.children);
            elements.forEach(function (element) { absolute(element, address); });
            cards = elements.map(card);
            source = null;
          })
          .catch(function () {
            source = null; // filter this page's cards only, and say so
            status.setAttribute("data-fc-template", status.getAttribute("data-fc-offline") + " " + template);
            template = status.getAttribute("data-fc-template");
          });
      }
      return loading;
    }

    // The JSON's links are relative to the first page; this may be another one.
    function absolute(element, base) {
      Array.prototype.forEach.call(element.querySelectorAll("[href], [src], [srcset]"), function (node) {
        ["href", "src"].forEach(function (name) {
          var value = node.getAttribute(name);
          if (value) node.setAttribute(name, new URL(value, base).href);
        });
        var set = node.getAttribute("srcset");
        if (set) {
          node.setAttribute("srcset", set.split(",").map(function (item) {
            var parts = item.trim().split(/\s+/);
            parts[0] = new URL(parts[0], base).href;
            return parts.join(" ");
          }).join(", "));
        }
      });
    }

    function chosen() {
      var result = {};
      names.forEach(function (name) {
        var set = null;
        boxes[name].forEach(function (box) {
          if (box.checked) { set = set || {}; set[box.value] = true; }
        });
        result[name] = set;
      });
      return result;
    }

    function passes(item, name, set) {
      if (!set) return true;
      var values = item.values[name];
      for (var i = 0; i < values.length; i++) if (set[values[i]]) return true;
      return false;
    }

    function showMatches() {
      var shown = matches.slice(0, shownLimit).map(function (item) { return item.element; });
      list.replaceChildren.apply(list, shown);
      showingOwn = false;
      var rest = matches.length - shown.length;
      if (more && moreButton) {
        more.hidden = rest <= 0;
        moreButton.textContent = moreButton.getAttribute("data-fc-more-template").replace("{count}", Math.min(rest, AT_ONCE));
      }
    }

    function apply(writeAddress) {
      var selection = chosen();
      var active = 0;
      names.forEach(function (name) {
        boxes[name].forEach(function (box) { if (box.checked) active++; });
      });
      if (active && source) {
        status.textContent = status.getAttribute("data-fc-loading");
        load().then(function () { apply(writeAddress); });
        return;
      }
      var counts = {};
      names.forEach(function (name) { counts[name] = {}; });
      matches = [];
      cards.forEach(function (item) {
        var failed = null;
        var failures = 0;
        names.forEach(function (name) {
          if (!passes(item, name, selection[name])) { failures++; failed = name; }
        });
        if (failures === 0) matches.push(item);
        names.forEach(function (name) {
          if (failures === 0 || (failures === 1 && failed === name)) {
            item.values[name].forEach(function (value) { counts[name][value] = (counts[name][value] || 0) + 1; });
          }
        });
      });
      names.forEach(function (name) {
        if (source) return; // only this page's cards are known: the page's counts (over every card) stay
        boxes[name].forEach(function (box) {
          var count = box.parentNode.querySelector("[data-fc-count]");
          var text = String(counts[name][box.value] || 0);
          if (count && count.textContent !== text) count.textContent = text;
        });
      });
      if (active) {
        shownLimit = AT_ONCE;
        showMatches();
        if (pages) pages.hidden = true;
        status.textContent = template.replace("{shown}", matches.length).replace("{count}", total);
      } else {
        if (!showingOwn) list.replaceChildren.apply(list, own);
        showingOwn = true;
        if (pages) pages.hidden = false;
        if (more) more.hidden = true;
        status.textContent = allText;
      }
      if (badge) {
        badge.hidden = active === 0;
        badgeNumber.textContent = String(active);
        badgeWords.textContent = badgeWords.getAttribute("data-fc-template").replace("{count}", active);
      }
      if (writeAddress) {
        var url = new URL(window.location.href);
        names.forEach(function (name) {
          url.searchParams.delete(name);
          boxes[name].forEach(function (box) { if (box.checked) url.searchParams.append(name, box.value); });
        });
        window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
      }
    }

    function open(yes) {
      form.hidden = !yes;
      toggle.setAttribute("aria-expanded", yes ? "true" : "false");
      if (yes) load(); // the visitor is about to filter: fetch every card now
    }

    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var wanted = params.getAll(name).join(",").split(",");
      boxes[name].forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    });
    toggle.addEventListener("click", function () { open(form.hidden); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      open(false);
      toggle.focus();
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      names.forEach(function (name) { boxes[name].forEach(function (box) { box.checked = false; }); });
      apply(true);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { open(false); toggle.focus(); }
    });
    if (moreButton) {
      moreButton.addEventListener("click", function () {
        var first = matches[shownLimit];
        shownLimit += AT_ONCE;
        showMatches();
        var link = first && first.element.querySelector("a");
        if (link) link.focus(); // the first of the cards just shown
      });
    }
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
