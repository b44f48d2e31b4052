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

  // Chat drawer: opens over any page, loads the history from /chat and talks
  // over the live socket; without JavaScript the link opens the chat page.
  var fab = document.querySelector("[data-chat-open]");
  var drawer = document.querySelector("[data-chat-drawer]");
  if (fab && drawer) {
    var body = drawer.querySelector("[data-chat-body]");
    var form = drawer.querySelector("[data-chat-form]");
    var input = form.querySelector("input");
    var log = null;
    var bubble = function (who, text, buttons) {
      if (!log) { return; }
      var li = document.createElement("li");
      li.className = "chat-msg chat-" + who;
      var t = document.createElement("span");
      t.className = "chat-text";
      t.textContent = text;
      li.appendChild(t);
      if (buttons && buttons.length) {
        var chips = document.createElement("div");
        chips.className = "chat-chips";
        buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button";
          btn.className = "chip-btn";
          btn.textContent = b.label;
          btn.addEventListener("click", function () { send({ data: b.data }, b.label); });
          chips.appendChild(btn);
        });
        li.appendChild(chips);
      }
      log.appendChild(li);
      body.scrollTop = body.scrollHeight;
    };
    // loading is the history's fetch while it runs: a message typed before
    // it arrives is sent once it is shown, so that neither the message nor
    // its answer (which needs the history in place) is lost.
    var loading = null;
    var send = function (msg, shown) {
      if (loading) {
        loading.then(function () { send(msg, shown); });
        return;
      }
      if (!window.pdLive || !window.pdLive.send({ chat: msg })) { location.href = "/chat"; return; }
      bubble("customer", shown);
    };
    fab.addEventListener("click", function (ev) {
      ev.preventDefault();
      drawer.hidden = false;
      fab.hidden = true;
      input.focus();
      if (log || loading) { return; }
      loading = fetch("/chat", { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("chat-log");
        if (!fresh) { return; }
        log = document.importNode(fresh, true);
        log.removeAttribute("id");
        // Buttons of earlier messages answer over the socket too.
        log.querySelectorAll("form.chat-chips button").forEach(function (b) {
          b.type = "button";
          b.addEventListener("click", function () { send({ data: b.value }, b.textContent); });
        });
        body.appendChild(log);
        body.scrollTop = body.scrollHeight;
      }).catch(function () {}).then(function () { loading = null; });
    });
    drawer.querySelector("[data-chat-close]").addEventListener("click", function () {
      drawer.hidden = true;
      fab.hidden = false;
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      input.value = "";
      send({ text: text }, text);
    });
    document.addEventListener("pd-chat", function (ev) {
      bubble(ev.detail.author === "manager" ? "manager" : "bot", ev.detail.text, ev.detail.buttons);
    });
  }
})();
