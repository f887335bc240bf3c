// svcstd edit: live judging. Without this script the form still works: every button posts it and the answer is
// the page re-judged. With it, each change is judged as it is typed, and leaving with unsaved changes asks first.
(function () {
  "use strict";
  var form = document.getElementById("charter-form");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var dirty = form.getAttribute("data-unsaved") === "true";
  var leaving = false;
  var timer = null;
  var asked = 0;

  function judge() {
    var mine = ++asked;
    var body = new URLSearchParams(new FormData(form));
    body.set("action", "check");
    fetch("/judge", { method: "POST", body: body, credentials: "same-origin",
                      headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (mine !== asked) return;
        form.setAttribute("data-pending", "false");
        if (!answer) return;
        var count = document.getElementById("findings-count");
        if (count.textContent !== answer.count_text) count.textContent = answer.count_text;
        document.getElementById("status-detail").innerHTML = answer.detail;
        form.setAttribute("data-findings", String(answer.count));
        var boxes = form.querySelectorAll(".errors");
        for (var i = 0; i < boxes.length; i++) {
          var box = boxes[i];
          var html = answer.fields[box.id] || "";
          if (box.innerHTML !== html) box.innerHTML = html;
          var control = document.getElementById(box.id.slice(0, -"-errors".length));
          if (control && /^(INPUT|TEXTAREA|SELECT)$/.test(control.tagName)) {
            if (html) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
          }
        }
      })
      .catch(function () { form.setAttribute("data-pending", "false"); /* the buttons still post the form */ });
  }

  function changed() {
    dirty = true;
    form.setAttribute("data-pending", "true");
    clearTimeout(timer);
    timer = setTimeout(judge, 200);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    leaving = true;  // the page's state travels with the form; a preview opens in another tab and this one stays
    setTimeout(function () { leaving = false; }, 1000);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });
  form.setAttribute("data-pending", "false");
  form.setAttribute("data-live", "true");
})();
