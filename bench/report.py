"""The table and JSON of bench/run.sh. Reads its result lines (`<system> cache=<on|off|-> <query> k=v …`), prints
requests/s, p50, p99, RSS and the ratios to the peer (PostGraphile) and to the HTTP floor, then the issue's targets
as met or missed. Usage: report.py results.txt out.json. Exits 1 when any answer was bad (not 200, or errors)."""
import json, sys


def parse(path):
    rows = []
    for line in open(path):
        system, cache, query, *fields = line.split()
        row = {"system": system, "cache": cache.split("=", 1)[1], "query": query}
        for field in fields:
            key, value = field.split("=", 1)
            row[key] = float(value)
        rows.append(row)
    return rows


def main():
    rows = parse(sys.argv[1])
    find = {(r["system"], r["cache"], r["query"]): r for r in rows}
    for r in rows:
        peer, floor = find.get(("peer", "-", r["query"])), find.get(("floor", "-", r["query"]))
        r["x_peer"] = round(r["rps"] / peer["rps"], 2) if peer and r["system"] != "peer" else None
        r["x_floor"] = round(r["rps"] / floor["rps"], 3) if floor and r["system"] != "floor" else None
        r["rss_mb"] = round(r.pop("rss_kb", 0) / 1024, 1)
    print(f"{'system':<14}{'cache':<7}{'query':<9}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'RSS MB':>8}"
          f"{'× peer':>8}{'× floor':>9}")
    for r in rows:
        ratio = lambda v: "" if v is None else f"{v:g}"
        print(f"{r['system']:<14}{r['cache']:<7}{r['query']:<9}{r['rps']:>10.1f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
              f"{r['rss_mb']:>8.1f}{ratio(r['x_peer']):>8}{ratio(r['x_floor']):>9}")
    targets = []

    def target(name, ok):
        if ok is not None:
            targets.append({"target": name, "met": bool(ok)})

    for q in ["list100", "page"]:
        pg, lite, peer = find.get(("wuye-postgres", "off", q)), find.get(("wuye-sqlite", "off", q)), find.get(("peer", "-", q))
        target(f"{q}: PostgreSQL uncached ≥ 3× peer", pg and peer and pg["rps"] >= 3 * peer["rps"])
        target(f"{q}: SQLite uncached ≥ PostgreSQL uncached", pg and lite and lite["rps"] >= pg["rps"])
        floor = find.get(("floor", "-", q))
        for s in ["wuye-postgres", "wuye-sqlite"]:
            cached = find.get((s, "on", q))
            target(f"{q}: {s} cached ≥ 0.3× floor", cached and floor and cached["rps"] >= 0.3 * floor["rps"])
    served = [r for r in rows if r["system"].startswith("wuye")]
    target("RSS ≤ 100 MB", all(r["rss_mb"] <= 100 for r in served) if served else None)
    print()
    for t in targets:
        print(("met    " if t["met"] else "MISSED ") + t["target"])
    json.dump({"rows": rows, "targets": targets}, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
    print(f"\nwritten to {sys.argv[2]}")
    bad = [r for r in rows if r.get("bad", 0) or r.get("non2xx", 0)]
    if bad:
        print("bad answers in: " + ", ".join(f"{r['system']} {r['cache']} {r['query']}" for r in bad), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
