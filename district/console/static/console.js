// District console: the little the pages need beyond HTML (no libraries, no network).
(function () {
  "use strict";

  // Copy an enrolment code: a button names the element to copy with data-copy.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent.trim();
    var done = function () {
      button.textContent = button.getAttribute("data-copied") || button.textContent;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      selectText(source);
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  });

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Forms that need a second thought (revoking a desk) ask before they are sent.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Idle sign-out: the server ends an idle session; the page goes to the sign-in page
  // at the same moment so nothing typed afterwards is lost to a refused form.
  var minutes = parseInt(document.body.getAttribute("data-idle-minutes") || "0", 10);
  if (minutes > 0) {
    var timer = null;
    var restart = function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        window.location.assign(document.body.getAttribute("data-idle-url") || "/signin?idle=1");
      }, minutes * 60 * 1000);
    };
    ["keydown", "mousedown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }
})();
