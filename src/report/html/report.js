// The evidence report's behaviour: selecting a marked figure shows every check it is in, with
// the arithmetic and links to the check's other figures. The panel is built with textContent
// only: nothing that comes from a filing is ever parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tieout-data").textContent);
  var panel = document.getElementById("panel");
  var rank = { fail: 0, indeterminate: 1, pass: 2 };
  var verdictText = { fail: "✗ fails", indeterminate: "? could not be decided", pass: "✓ ties out" };

  // The checks each mark takes part in.
  var checksOf = data.marks.map(function () { return []; });
  data.checks.forEach(function (check, i) {
    check.figures.forEach(function (f) {
      var list = checksOf[f.mark];
      if (list && list.indexOf(i) < 0) list.push(i);
    });
  });

  var selected = null;

  function pieces(mark) {
    var found = [];
    var first = document.getElementById("m" + mark);
    if (first) found.push(first);
    document.querySelectorAll('.fig[data-m="' + mark + '"]').forEach(function (e) { found.push(e); });
    return found;
  }

  function markOf(fig) {
    return fig.id ? Number(fig.id.slice(1)) : Number(fig.getAttribute("data-m"));
  }

  function setClass(name, marks) {
    document.querySelectorAll(".fig." + name).forEach(function (e) { e.classList.remove(name); });
    marks.forEach(function (m) {
      pieces(m).forEach(function (e) { e.classList.add(name); });
    });
  }

  // Opens the folds and the document holding an element.
  function reveal(element) {
    for (var e = element.parentElement; e; e = e.parentElement) {
      if (e.tagName === "DETAILS" && !e.open) e.open = true;
    }
  }

  function goTo(mark) {
    var target = document.getElementById("m" + mark);
    if (!target) return;
    reveal(target);
    target.scrollIntoView({ block: "center", inline: "nearest" });
    target.classList.remove("flash");
    void target.offsetWidth; // restart the animation
    target.classList.add("flash");
  }

  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function figuresOf(checkIndex) {
    return data.checks[checkIndex].figures.map(function (f) { return f.mark; });
  }

  function renderCheck(checkIndex, mark, current) {
    var check = data.checks[checkIndex];
    var section = node("section", "check " + check.verdict + (current ? " current" : ""));
    section.setAttribute("data-check", String(checkIndex));
    var h3 = node("h3");
    h3.appendChild(node("span", "verdict " + check.verdict, verdictText[check.verdict]));
    h3.appendChild(node("code", null, check.rule));
    h3.appendChild(document.createTextNode(" "));
    h3.appendChild(node("small", null, "(" + check.severity + ")"));
    section.appendChild(h3);
    section.appendChild(node("p", "message", check.message));

    var rows = [["printed", check.actual], ["expected", check.expected],
                ["difference", check.difference], ["rounding tolerance", check.tolerance]];
    var table = node("table", "arith");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined) return;
      var tr = node("tr");
      tr.appendChild(node("th", null, row[0]));
      tr.appendChild(node("td", null, row[1]));
      table.appendChild(tr);
    });
    if (table.rows.length) section.appendChild(table);
    if (check.note) section.appendChild(node("p", "note", check.note));

    section.appendChild(node("div", "figures-title", "Figures of this check:"));
    var list = node("ul", "figures");
    check.figures.forEach(function (f) {
      var m = data.marks[f.mark];
      var li = node("li", f.mark === mark ? "this" : null);
      var a = node("a", null, f.role + " " + m.text);
      a.href = "#m" + f.mark;
      a.setAttribute("data-mark", String(f.mark));
      a.setAttribute("data-check", String(checkIndex));
      li.appendChild(a);
      var where = " line " + m.line + ", column " + m.column;
      if (m.doc !== data.marks[mark].doc) where += " of " + data.documents[m.doc];
      if (f.mark === mark) where += " (this figure)";
      li.appendChild(document.createTextNode(where));
      list.appendChild(li);
    });
    section.appendChild(list);
    return section;
  }

  // Selects a mark: outlines it, highlights the other figures of its checks and lists the
  // checks in the panel, failing ones first.
  function select(mark, scroll, currentCheck) {
    var m = data.marks[mark];
    if (!m) return;
    selected = mark;
    var checks = checksOf[mark].slice().sort(function (a, b) {
      return (rank[data.checks[a].verdict] - rank[data.checks[b].verdict]) || (a - b);
    });
    setClass("selected", [mark]);
    var related = [];
    checks.forEach(function (c) { related = related.concat(figuresOf(c)); });
    setClass("related", related);

    panel.textContent = "";
    panel.appendChild(node("h2", null, m.text));
    panel.appendChild(node("p", "where", data.documents[m.doc] + ":" + m.line + ":" + m.column +
      " · in " + checks.length + " check" + (checks.length === 1 ? "" : "s")));
    checks.forEach(function (c) {
      panel.appendChild(renderCheck(c, mark, c === currentCheck));
    });
    panel.scrollTop = 0;
    if (scroll) goTo(mark);
    if (history.replaceState) history.replaceState(null, "", "#m" + mark);
  }

  // A link to a figure of a check in the panel: show that figure, outline the check's
  // figures, and keep the panel as it is.
  function follow(mark, checkIndex) {
    setClass("related", figuresOf(checkIndex));
    panel.querySelectorAll("section.check").forEach(function (s) {
      s.classList.toggle("current", Number(s.getAttribute("data-check")) === checkIndex);
    });
    goTo(mark);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var unfold = target.closest("button.unfold");
    if (unfold) {
      event.preventDefault();
      var doc = unfold.closest("details.document");
      var folds = doc.querySelectorAll("details.fold");
      var opening = unfold.textContent === "show all lines";
      doc.open = true;
      folds.forEach(function (d) { d.open = opening; });
      unfold.textContent = opening ? "fold lines without figures" : "show all lines";
      return;
    }
    var link = target.closest("a[data-mark]");
    if (link) {
      event.preventDefault();
      var mark = Number(link.getAttribute("data-mark"));
      var checkIndex = Number(link.getAttribute("data-check"));
      if (panel.contains(link)) follow(mark, checkIndex);
      else select(mark, true, checkIndex);
      return;
    }
    var fig = target.closest(".fig");
    if (fig && fig.closest(".text")) select(markOf(fig), false);
  });

  document.addEventListener("keydown", function (event) {
    var fig = event.target.closest && event.target.closest(".text .fig");
    if (fig && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(markOf(fig), false);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "n" && event.key !== "p") return;
    var failing = Array.prototype.map.call(document.querySelectorAll(".text .fig.fail[id]"), markOf);
    if (!failing.length) return;
    var at = failing.indexOf(selected);
    var next;
    if (event.key === "n") next = at < 0 ? failing[0] : failing[(at + 1) % failing.length];
    else next = at < 0 ? failing[failing.length - 1] : failing[(at - 1 + failing.length) % failing.length];
    select(next, true);
  });

  function fromHash() {
    var match = /^#m(\d+)$/.exec(location.hash);
    if (match && Number(match[1]) !== selected) select(Number(match[1]), true);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
