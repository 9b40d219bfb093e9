/* The browse pages' filters (overrides/fangcheng/map.html). Every card is in the HTML and shown
   without JavaScript; this script shows the filter form, hides the cards that do not match (options
   of one filter: any of them; different filters: all of them), keeps the choice in the address
   (?category=restaurant&level=national, so a filtered list can be shared), updates each option's
   count (the cards it would show with the other filters as they are) and the result count, which
   screen readers announce (role="status", aria-live="polite"). One pass over the cards per change,
   and a card's `hidden` is only written when it changes: linear at 3,000 entries. */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("[data-fc-filters]");
    var list = document.getElementById("cards");
    var status = document.getElementById("fc-count");
    if (!form || !list || !status) return;
    var names = [];
    var boxes = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (!boxes[box.name]) { boxes[box.name] = []; names.push(box.name); }
      boxes[box.name].push(box);
    });
    var cards = Array.prototype.map.call(list.children, function (item) {
      var values = {};
      names.forEach(function (name) {
        var value = item.getAttribute("data-" + name);
        values[name] = value ? value.split(" ") : [];
      });
      return { element: item, values: values, shown: !item.hidden };
    });
    var allText = status.textContent;
    var template = status.getAttribute("data-fc-template") || "{shown}/{count}";

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

    function passes(card, name, set) {
      if (!set) return true;
      var values = card.values[name];
      for (var i = 0; i < values.length; i++) if (set[values[i]]) return true;
      return false;
    }

    function apply(writeAddress) {
      var selection = chosen();
      var counts = {};
      var active = false;
      names.forEach(function (name) { counts[name] = {}; if (selection[name]) active = true; });
      var shown = 0;
      cards.forEach(function (card) {
        var failed = null;
        var failures = 0;
        names.forEach(function (name) {
          if (!passes(card, name, selection[name])) { failures++; failed = name; }
        });
        var show = failures === 0;
        if (show !== card.shown) { card.element.hidden = !show; card.shown = show; }
        if (show) shown++;
        names.forEach(function (name) {
          if (failures === 0 || (failures === 1 && failed === name)) {
            card.values[name].forEach(function (value) { counts[name][value] = (counts[name][value] || 0) + 1; });
          }
        });
      });
      names.forEach(function (name) {
        boxes[name].forEach(function (box) {
          var count = box.parentNode.querySelector("[data-fc-count]");
          var text = String(counts[name][box.value] || 0);
          if (count && count.textContent !== text) count.textContent = text;
        });
      });
      status.textContent = active ? template.replace("{shown}", shown).replace("{count}", cards.length) : allText;
      if (writeAddress) {
        var url = new URL(window.location.href);
        names.forEach(function (name) {
          url.searchParams.delete(name);
          boxes[name].forEach(function (box) { if (box.checked) url.searchParams.append(name, box.value); });
        });
        window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var wanted = params.getAll(name).join(",").split(",");
      boxes[name].forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    });
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      names.forEach(function (name) { boxes[name].forEach(function (box) { box.checked = false; }); });
      apply(true);
    });
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
