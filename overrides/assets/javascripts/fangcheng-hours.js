/* "Open now · closes 21:00" / "Closed · opens tomorrow 09:30", computed in Asia/Shanghai time
 * whatever the phone's time zone, from the timetable the build writes (fangcheng/hours.py):
 *   <p class="fc-hours-badge" data-fc-hours='{"v":1,"tz":"Asia/Shanghai","from":m,"until":m,"open":[[s,e],…]}'
 *      data-fc-text='{"open":"…{time}","openLong":"…","closed":"…","today":"…{time}","tomorrow":"…{time}",
 *                     "day":"…{day} {time}","date":"{d} {mon}","months":["Jan",…,"Dec"],"days":["Mon",…,"Sun"]}' hidden></p>
 * Times are minutes since 1970-01-01 UTC. Outside from–until (stale data) the badge stays hidden.
 * Text goes in with textContent only. */
(function () {
  "use strict";
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  function local(minute, tz) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date(minute * 60000)).forEach(function (p) { parts[p.type] = p.value; });
    return {
      day: Date.UTC(+parts.year, +parts.month - 1, +parts.day) / 86400000,
      month: +parts.month, date: +parts.day, weekday: WEEKDAYS[parts.weekday],
      time: parts.hour + ":" + parts.minute
    };
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  /* {state: "open"|"closed", text} for the clock `nowMs`, or null when the data does not cover it. */
  function badge(table, text, nowMs) {
    var now = Math.floor(nowMs / 60000), tz, i, span;
    if (!table || table.v !== 1 || now < table.from || now >= table.until) return null;
    tz = table.tz || "Asia/Shanghai";
    for (i = 0; i < table.open.length; i++) {
      span = table.open[i];
      if (span[0] <= now && now < span[1]) {
        if (span[1] >= table.until) return { state: "open", text: text.openLong };
        var end = local(span[1], tz);
        return { state: "open", text: fill(text.open, { time: end.time === "00:00" ? "24:00" : end.time }) };
      }
      if (span[0] > now) {
        var at = local(span[0], tz), gap = at.day - local(now, tz).day;
        var key = gap === 0 ? "today" : gap === 1 ? "tomorrow" : "day";
        var day = gap < 7 ? text.days[at.weekday] : fill(text.date, { m: at.month, d: at.date, mon: (text.months || [])[at.month - 1] || at.month });
        return { state: "closed", text: fill(text[key], { time: at.time, day: day }) };
      }
    }
    return { state: "closed", text: text.closed };
  }

  function show(element, nowMs) {
    try {
      var result = badge(JSON.parse(element.getAttribute("data-fc-hours")),
                         JSON.parse(element.getAttribute("data-fc-text")), nowMs);
      element.hidden = !result;
      if (result) {
        element.textContent = result.text;
        element.setAttribute("data-state", result.state);
      }
    } catch (e) {
      element.hidden = true;
    }
  }

  function run() {
    var nodes = document.querySelectorAll("[data-fc-hours]"), i;
    for (i = 0; i < nodes.length; i++) show(nodes[i], Date.now());
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { badge: badge };
  } else if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
    /* Material's instant navigation swaps pages without a load event. */
    if (typeof window.document$ === "object" && window.document$.subscribe) window.document$.subscribe(run);
    setInterval(run, 60000);
  }
})();
