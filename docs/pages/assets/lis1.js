/* Progressive enhancement for the LIS1 site. Every page reads and works without this script:
 * it (1) shows the feed addresses on the origin the page is served from, (2) adds a copy
 * button to them, and (3) highlights the next deadline from data/frister.json. The region for
 * it holds, as built, the text for when no date is coming (computed from data, readable without
 * this script); the script shows the next deadline in its place, or shows that text. */
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function say(box, text) {
    var status = box.querySelector(".lis1-copy-status");
    if (status) { status.textContent = text; }
  }

  function enhanceSubscribe(box) {
    var input = box.querySelector(".lis1-feed-url");
    var download = box.querySelector("a.lis1-download");
    var webcal = box.querySelector("a.lis1-webcal");
    var button = box.querySelector("button.lis1-copy");
    if (!input || !download) { return; }
    var address = new URL(download.getAttribute("href"), window.location.href).href;
    input.value = address;
    if (webcal) { webcal.href = address.replace(/^https?:/, "webcal:"); }
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { say(box, "Adressen er kopiert. Lim den inn i kalenderen din."); };
      var fallback = function () {
        input.focus();
        input.select();
        try {
          if (document.execCommand("copy")) { done(); return; }
        } catch (e) { /* fall through */ }
        say(box, "Kunne ikke kopiere automatisk. Adressen er markert: kopier den med Ctrl+C (Cmd+C på Mac).");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(address).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  function capitalise(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  function showNextDeadline(region) {
    var url = new URL("data/frister.json", siteBase());
    fetch(url.href, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (rows) {
        var now = Date.now();
        var next = rows
          .filter(function (row) { return Date.parse(row.ends_at) > now; })
          .sort(function (a, b) { return Date.parse(a.ends_at) - Date.parse(b.ends_at); })[0];
        var none = region.querySelector(".lis1-next-none");
        var found = region.querySelector(".lis1-next-found");
        if (found) { found.remove(); }
        if (next) {
          found = document.createElement("p");
          found.className = "lis1-next-found";
          var link = document.createElement("a");
          link.href = new URL(next.page, siteBase()).href;
          link.textContent = capitalise(next.label) + " for " + next.period_name.toLowerCase() + ": " + next.text;
          found.appendChild(link);
          region.appendChild(found);
          document.querySelectorAll('[data-deadline="' + next.key + '"]').forEach(function (cell) {
            cell.classList.add("lis1-next-deadline");
          });
        }
        if (none) { none.hidden = Boolean(next); }
        region.hidden = false;
      })
      .catch(function () { /* the dates are on the page anyway */ });
  }

  function plural(count, singular, pluralForm) {
    return count + " " + (count === 1 ? singular : pluralForm);
  }

  function showAds(box) {
    fetch(box.getAttribute("data-source"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result) { return; }
        var heading = document.createElement("h2");
        heading.textContent = "Utlyste annonser (" + result.ads.length + ")";
        var list = document.createElement("ul");
        result.ads.forEach(function (ad) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "/api/ads/" + encodeURIComponent(ad.id);
          link.textContent = ad.place + " – " + ad.organisation_name;
          item.appendChild(link);
          item.appendChild(document.createTextNode(
            ", kommunedel i " + ad.kommune_name + ". " + plural(ad.seats, "stilling", "stillinger") +
            ". " + (ad.reststilling ? "Reststilling" : ad.period_name) + "."));
          list.appendChild(item);
        });
        box.textContent = "";
        box.appendChild(heading);
        box.appendChild(list);
      })
      .catch(function () { /* the link above still leads to the list */ });
  }

  document.querySelectorAll(".lis1-subscribe").forEach(enhanceSubscribe);
  document.querySelectorAll("#lis1-ads").forEach(showAds);
  var region = document.getElementById("lis1-next");
  if (region) { showNextDeadline(region); }
})();
