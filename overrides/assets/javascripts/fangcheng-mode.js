/* Large-text mode (长辈模式) and an entry page's "copy link" button.
 *
 * The mode is a class on <html>, "fc-large" (fangcheng.css does the rest), remembered on this device in
 * localStorage (no cookie). An inline script in <head> (overrides/main.html) sets the class before the
 * first paint; this file keeps the switch's aria-pressed in step and stores each change. */
(function () {
  "use strict";
  var KEY = "fangcheng.large-text";
  var root = document.documentElement;
  var switches = document.querySelectorAll("[data-fc-mode]");

  function show(on) {
    root.classList.toggle("fc-large", on);
    for (var i = 0; i < switches.length; i++) switches[i].setAttribute("aria-pressed", on ? "true" : "false");
  }

  function store(on) {
    try {
      if (on) localStorage.setItem(KEY, "on");
      else localStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: the mode lasts for this page only */ }
  }

  show(root.classList.contains("fc-large"));
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener("click", function () {
      var on = !root.classList.contains("fc-large");
      show(on);
      store(on);
    });
  }
  // Another tab of the site changed the mode: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) show(event.newValue === "on");
  });

  /* Copy link: the page's canonical address (or the address without its #fragment) to the clipboard,
     with the Clipboard API where the page may use it, else a hidden text area and execCommand. */
  function canonical() {
    var link = document.querySelector('link[rel="canonical"]');
    return link && link.href ? link.href : location.href.split("#")[0];
  }

  function copyByCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!copyByCommand(text)) throw new Error("copy failed");
      });
    }
    return copyByCommand(text) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  var buttons = document.querySelectorAll("[data-fc-copy]");
  for (var j = 0; j < buttons.length; j++) {
    buttons[j].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var status = button.parentNode.querySelector(".fc-share__status");
      function say(message) {
        // Emptied first, so that a second click announces the message again.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = message; }, 50);
      }
      copy(canonical()).then(
        function () { say(button.getAttribute("data-fc-copied")); },
        function () { say(button.getAttribute("data-fc-failed") + " " + canonical()); }
      );
    });
  }
})();
