/* Progressive enhancement for the LIS1 site. Every page reads and works without this script:
 * it (1) shows the feed addresses on the origin the page is served from, (2) adds a copy
 * button to them, (3) highlights the next deadline from data/frister.json, and (4) remembers
 * the language a person chooses with the language link, or reads in (cookie lis1_sprak; the
 * link itself works without it, and nothing ever redirects by it). The region for the next
 * deadline holds, as built, the text for when no date is coming (computed from data, readable
 * without this script); the script shows the next deadline in its place, or shows that text.
 * Its own few words follow the page's language (<html lang>). */
(function () {
  "use strict";

  var english = document.documentElement.lang === "en";
  var words = english ? {
    copied: "The address is copied. Paste it into your calendar.",
    notCopied: "Could not copy automatically. The address is selected: copy it with Ctrl+C (Cmd+C on a Mac).",
    ads: "Advertised positions",
    kommune: "municipality part in",
    position: "position",
    positions: "positions",
    reststilling: "Remaining position"
  } : {
    copied: "Adressen er kopiert. Lim den inn i kalenderen din.",
    notCopied: "Kunne ikke kopiere automatisk. Adressen er markert: kopier den med Ctrl+C (Cmd+C på Mac).",
    ads: "Utlyste annonser",
    kommune: "kommunedel i",
    position: "stilling",
    positions: "stillinger",
    reststilling: "Reststilling"
  };

  function remember(language) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "lis1_sprak=" + language + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
  }

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
      var done = function () { say(box, words.copied); };
      var fallback = function () {
        input.focus();
        input.select();
        try {
          if (document.execCommand("copy")) { done(); return; }
        } catch (e) { /* fall through */ }
        say(box, words.notCopied);
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
          var shown = english && next.en ? next.en : next;
          var link = document.createElement("a");
          link.href = new URL(shown.page, siteBase()).href;
          link.textContent = capitalise(shown.label) + " for " + shown.period_name.toLowerCase() + ": " + shown.text;
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
        heading.textContent = words.ads + " (" + result.ads.length + ")";
        var list = document.createElement("ul");
        result.ads.forEach(function (ad) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = (english ? "/en/api/ads/" : "/api/ads/") + encodeURIComponent(ad.id);
          link.textContent = ad.place + " – " + ad.organisation_name;
          item.appendChild(link);
          item.appendChild(document.createTextNode(
            ", " + words.kommune + " " + ad.kommune_name + ". " +
            plural(ad.seats, words.position, words.positions) + ". " +
            (ad.reststilling ? words.reststilling : ad.period_name) + "."));
          list.appendChild(item);
        });
        box.textContent = "";
        box.appendChild(heading);
        box.appendChild(list);
      })
      .catch(function () { /* the link above still leads to the list */ });
  }

  document.querySelectorAll("a[data-sprak]").forEach(function (link) {
    link.addEventListener("click", function () { remember(link.getAttribute("data-sprak")); });
  });
  if (english) { remember("en"); }
  document.querySelectorAll(".lis1-subscribe").forEach(enhanceSubscribe);
  document.querySelectorAll("#lis1-ads").forEach(showAds);
  var region = document.getElementById("lis1-next");
  if (region) { showNextDeadline(region); }
})();
