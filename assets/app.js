// Partnerdesk portal: progressive enhancement only; every action also works
// as a plain form without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Phone width: the navigation folds into a menu button, categories into a panel.
  var nav = document.querySelector(".nav");
  var toggle = document.querySelector(".nav-toggle");
  if (nav && toggle) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details.cat-panel").forEach(function (d) { d.open = false; });
  }

  // Quick order: look each code up as it is typed and show name, price, stock.
  document.querySelectorAll("form.quick[data-lookup]").forEach(function (form) {
    var url = form.getAttribute("data-lookup");
    form.querySelectorAll("tr.quick-row").forEach(function (row) {
      var input = row.querySelector('input[name="sku"]');
      var out = row.querySelector(".lookup");
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        var code = input.value.trim();
        if (code.length < 3) { return; }
        timer = setTimeout(function () {
          fetch(url + "?sku=" + encodeURIComponent(code), { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
            .then(function (r) {
              out.textContent = "";
              var span = document.createElement("span");
              if (r.ok) {
                span.className = "found";
                span.textContent = r.body.name + " · " + r.body.price + " / " + r.body.unit + " · " + r.body.stock_text;
                var qty = row.querySelector('input[name="qty"]');
                if (!qty.value) { qty.value = r.body.min; }
              } else {
                span.className = "field-error";
                span.textContent = r.body.error || "";
              }
              out.appendChild(span);
            })
            .catch(function () {});
        }, 250);
      });
    });
    // More rows on demand.
    var tbody = form.querySelector("tbody");
    var more = document.createElement("button");
    more.type = "button";
    more.className = "btn btn-small";
    more.textContent = "+ 5";
    more.setAttribute("aria-label", "+5");
    more.addEventListener("click", function () {
      var rows = tbody.querySelectorAll("tr.quick-row");
      var last = rows[rows.length - 1];
      for (var i = 0; i < 5; i++) {
        var copy = last.cloneNode(true);
        copy.querySelectorAll("input").forEach(function (el) { el.value = ""; el.removeAttribute("id"); el.removeAttribute("aria-invalid"); });
        copy.querySelector(".lookup").textContent = "";
        copy.firstElementChild.textContent = String(tbody.children.length + 1);
        tbody.appendChild(copy);
      }
    });
    form.querySelector(".actions").prepend(more);
  });

  // A submit button marked data-once is disabled after the first click. The
  // server does not rely on it: the idempotency key makes repeats harmless.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var btn = form.querySelector("button[data-once]");
      if (btn) { setTimeout(function () { btn.disabled = true; }, 0); }
    });
  });

  // Invitation links: select on focus for copying.
  document.querySelectorAll("input.copy").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
