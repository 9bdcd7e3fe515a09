#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the real filings (../shared/filings beside
# the checkout) and the project's fixtures and rules. The corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
filings=../../shared/filings
python3 - "$filings" <<'PY'
import glob, os, random, sys
filings = sorted(glob.glob(os.path.join(sys.argv[1], "*.txt")))
fixtures = sorted(glob.glob("../fixtures/**/*.txt", recursive=True))
rules = sorted(glob.glob("../rules/**/*.yaml", recursive=True)) + sorted(glob.glob("../fixtures/rules/*.yaml"))
random.seed(7)

def put(target, name, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/{name}", "wb") as f:
        f.write(data)

def fullwidth(text):
    table = {ord(c): chr(ord(c) - ord("0") + ord("０")) for c in "0123456789"}
    table.update({ord(","): "，", ord("."): "．", ord("%"): "％"})
    return text.translate(table)

# Documents: every fixture, and windows of 40 lines from each filing, some re-encoded.
docs = [open(p, encoding="utf-8").read() for p in fixtures]
for p in filings:
    lines = open(p, encoding="utf-8").read().split("\n")
    for start in random.sample(range(0, max(1, len(lines) - 40)), min(30, len(lines))):
        docs.append("\n".join(lines[start:start + 40]))
for i, text in enumerate(docs):
    variants = [text.encode("utf-8")]
    if i % 5 == 0:
        variants.append(fullwidth(text).encode("utf-8"))
    if i % 7 == 0:
        variants.append(text.encode("gb18030", errors="replace"))
        variants.append(b"\xff\xfe" + text.encode("utf-16-le"))
    for j, data in enumerate(variants):
        put("prose_extractor", f"doc{i}-{j}", data)
        put("pipeline", f"doc{i}-{j}", data)
        put("table_segmenters", f"doc{i}-{j}", bytes([i % 3]) + data)

# Cells: the tab- and space-separated pieces of the filings' lines.
cells = set()
for p in filings + fixtures:
    for line in open(p, encoding="utf-8"):
        for cell in line.replace("\t", "  ").split("  "):
            cell = cell.strip()
            if cell and any(ch.isdigit() for ch in cell) and len(cell) < 40:
                cells.add(cell)
for i, cell in enumerate(sorted(cells)[:3000]):
    put("number_lexer", f"cell{i}", cell.encode("utf-8"))
    if i % 10 == 0:
        put("number_lexer", f"cell{i}-fw", fullwidth(cell).encode("utf-8"))

# Rules and their expressions.
for i, p in enumerate(rules):
    text = open(p, encoding="utf-8").read()
    put("rule_loader", f"rule{i}", text.encode("utf-8"))
    for j, line in enumerate(text.split("\n")):
        if line.strip().startswith("assert:"):
            put("expression_parser", f"assert{i}-{j}", line.split(":", 1)[1].strip().encode("utf-8"))
for i, e in enumerate(["profit == revenue - cost", "sum(a) ~= b", "cagr(a, b, 3) >= 0.1",
                       "round(change(a, b), 2) == c", "abs(min(a, b) - max(c, d)) <= 1",
                       "((a + b) * c) / d == e"]):
    put("expression_parser", f"expr{i}", e.encode("utf-8"))
PY
for d in corpus/*; do echo "$d: $(ls "$d" | wc -l) files, $(du -sh "$d" | cut -f1)"; done
