/* The signed-in side, enhanced. Everything works without this script:
 * (1) a site page (the same for everyone, so it only links to Min side) asks /api/auth/status
 *     whether someone is signed in and then shows the name and Logg ut in the header, as the
 *     API's pages do (on an English page, /en/api/ and English words);
 * (2) a text area with a limit shows how many characters are left, counted as the server
 *     counts them (characters, not UTF-16 units), and says so when the text is too long;
 * (3) on a ranked list (innstillingsliste), "Flytt opp" and "Flytt ned" move a candidate and
 *     renumber the places, so nobody has to type numbers; a fixed row does not move; and a
 *     CSV file chosen on the computer is read into the text area where one can paste it. */
(function () {
  "use strict";

  // The page's language (<html lang>) picks the script's few words and the API's addresses.
  var english = document.documentElement.lang === "en";
  var api = english ? "/en/api/" : "/api/";
  var words = english ? {
    signOut: "Sign out",
    left: function (left, limit) { return left + " of " + limit + " characters left."; },
    over: function (over) { return "Too long by " + over + " characters. Shorten the text before you send it."; },
    up: "Move up",
    down: "Move down"
  } : {
    signOut: "Logg ut",
    left: function (left, limit) { return left + " av " + limit + " tegn igjen."; },
    over: function (over) { return "For lang med " + over + " tegn. Forkort teksten før du sender."; },
    up: "Flytt opp",
    down: "Flytt ned"
  };

  function showAccount(slot) {
    fetch("/api/auth/status", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (me) {
        if (!me || !me.signed_in) { return; }
        var name = document.createElement("a");
        name.className = "lis1-konto__navn";
        name.href = api + "me";
        name.textContent = me.name;
        var form = document.createElement("form");
        form.className = "lis1-konto__ut";
        form.method = "post";
        form.action = api + "auth/logout";
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrf_token";
        token.value = me.csrf_token;
        var button = document.createElement("button");
        button.type = "submit";
        button.textContent = words.signOut;
        form.appendChild(token);
        form.appendChild(button);
        slot.textContent = "";
        slot.appendChild(name);
        slot.appendChild(form);
      })
      .catch(function () { /* the link to Min side stays */ });
  }

  function characters(text) { return Array.from(text.replace(/\r\n/g, "\n")).length; }

  function countCharacters(area) {
    var limit = Number(area.getAttribute("data-grense"));
    var shown = document.getElementById(area.id + "-teller");
    if (!limit || !shown) { return; }
    var update = function () {
      var left = limit - characters(area.value);
      shown.textContent = left >= 0 ? words.left(left, limit) : words.over(-left);
      shown.classList.toggle("lis1-teller--over", left < 0);
    };
    shown.hidden = false;
    area.addEventListener("input", update);
    update();
  }

  function rankingButtons(table) {
    var body = table.querySelector("tbody");
    var renumber = function () {
      var place = 0;
      body.querySelectorAll("input[data-plass]").forEach(function (input) {
        if (input.value.trim() !== "" || input.readOnly) { place += 1; input.value = String(place); }
      });
    };
    body.querySelectorAll("tr").forEach(function (row) {
      var input = row.querySelector("input[data-plass]");
      if (!input || input.readOnly) { return; }
      var cell = input.parentNode;
      [[words.up, -1], [words.down, 1]].forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lis1-sekundær";
        button.textContent = choice[0];
        button.setAttribute("aria-label", choice[0] + ": " + input.getAttribute("data-navn"));
        button.addEventListener("click", function () {
          if (input.value.trim() === "") { input.value = "999"; }
          var other = choice[1] < 0 ? row.previousElementSibling : row.nextElementSibling;
          var otherInput = other && other.querySelector("input[data-plass]");
          if (otherInput && !otherInput.readOnly) {
            if (choice[1] < 0) { body.insertBefore(row, other); } else { body.insertBefore(other, row); }
          }
          renumber();
          button.focus();
        });
        cell.appendChild(button);
      });
    });
  }

  function csvFile(input) {
    var area = document.getElementById(input.getAttribute("data-csv-til"));
    if (!area) { return; }
    input.parentNode.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      file.text().then(function (text) { area.value = text; area.closest("details").open = true; });
    });
  }

  document.querySelectorAll("table[data-innstilling]").forEach(rankingButtons);
  document.querySelectorAll("input[data-csv-til]").forEach(csvFile);
  document.querySelectorAll(".lis1-konto").forEach(function (slot) {
    if (slot.querySelector(".lis1-konto__lenke[href='" + api + "me']")) { showAccount(slot); }
  });
  document.querySelectorAll("textarea[data-grense]").forEach(countCharacters);
})();
