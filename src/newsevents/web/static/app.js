// Page behaviour: field highlighting on the event page, the review form. Text from the
// server is only ever set with textContent, never as HTML.
"use strict";

function setupFieldButtons() {
  document.querySelectorAll(".report").forEach(function (report) {
    report.querySelectorAll(".field-btn").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var field = btn.getAttribute("data-field");
        report.querySelectorAll(".field-btn").forEach(function (b) {
          b.setAttribute("aria-pressed", b === btn ? "true" : "false");
        });
        var sentence = report.querySelector(".sentence");
        sentence.className = "sentence" + (field ? " only only-" + field : "");
        sentence.setAttribute("data-only", field || "");
      });
    });
  });
}

function parties(value) {
  // "USA GOV; IRQ MIL" -> [{code: "USA", sector: "GOV"}, ...]
  return value.split(";").map(function (p) { return p.trim(); }).filter(Boolean)
    .map(function (p) {
      var words = p.split(/\s+/);
      return { code: words[0], sector: words[1] || null };
    });
}

function reviewBody(form) {
  var data = new FormData(form);
  var body = { action: data.get("action"), note: data.get("note") || "" };
  if (body.action !== "correct") return body;
  var changes = {};
  ["event", "mode", "date"].forEach(function (k) {
    if (data.get(k)) changes[k] = data.get(k);
  });
  ["dead", "injured", "arrested"].forEach(function (k) {
    if (data.get(k) !== "" && data.get(k) !== null) changes[k] = parseInt(data.get(k), 10);
  });
  ["actor", "recipient"].forEach(function (k) {
    if (data.get(k)) changes[k] = parties(data.get(k));
  });
  if (data.get("place") || data.get("country")) {
    changes.place = { name: data.get("place") || null, country: data.get("country") || null };
  }
  if (data.get("aux")) {
    changes.aux = data.get("aux").split(",").map(function (a) { return a.trim(); })
      .filter(Boolean);
  }
  body.changes = changes;
  return body;
}

function setupReview() {
  var form = document.getElementById("review");
  if (!form) return;
  var status = document.getElementById("review-status");
  var saved = window.sessionStorage.getItem("newsevents-token");
  if (saved) form.elements.token.value = saved;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var token = form.elements.token.value;
    status.textContent = "Saving…";
    fetch("/api/events/" + encodeURIComponent(form.getAttribute("data-event")) + "/review", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify(reviewBody(form)),
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (res) {
      if (res.ok) {
        window.sessionStorage.setItem("newsevents-token", token);
        status.textContent = "Saved.";
        window.location.reload();
      } else {
        status.textContent = "Not saved: " + (res.body.detail || res.body.title);
      }
    }).catch(function (err) { status.textContent = "Not saved: " + err; });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupFieldButtons();
  setupReview();
});
