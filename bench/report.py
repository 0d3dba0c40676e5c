"""The table and JSON of bench/run.sh. Reads its result lines (`<system> cache=<on|off|-> direct=<on|off|-> <query>
k=v …`), prints requests/s, p50, p99, RSS and the ratios — to the better of the peers (PostGraphile 4 and 5), to the
same query with the planned path off, SQLite to PostgreSQL, to the HTTP floor — then the targets as met or missed.
Usage: report.py results.txt out.json. Exits 1 when any answer was bad (not 200, or errors)."""
import json, sys

PEERS = ("postgraphile", "postgraphile5")


def parse(path):
    rows = []
    for line in open(path):
        system, cache, direct, query, *fields = line.split()
        row = {"system": system, "cache": cache.split("=", 1)[1], "direct": direct.split("=", 1)[1], "query": query}
        for field in fields:
            key, value = field.split("=", 1)
            row[key] = float(value)
        rows.append(row)
    return rows


def main():
    rows = parse(sys.argv[1])
    find = {(r["system"], r["cache"], r["direct"], r["query"]): r for r in rows}

    def peer_best(query):
        found = [find[(p, "-", "-", query)]["rps"] for p in PEERS if (p, "-", "-", query) in find]
        return max(found) if found else None

    # A run that answered nothing within its time (a slow query in a debug build timed for one second) has no
    # ratio: it is reported below rather than divided by.
    def over(rps, base, digits=2):
        return round(rps / base, digits) if base else None

    rps_of = lambda r: r["rps"] if r else None
    for r in rows:
        wuye = r["system"].startswith("wuye")
        best, floor = peer_best(r["query"]), find.get(("floor", "-", "-", r["query"]))
        off = find.get((r["system"], r["cache"], "off", r["query"]))
        pg = find.get(("wuye-postgres", r["cache"], r["direct"], r["query"]))
        r["x_peer"] = over(r["rps"], best) if wuye else None
        r["x_off"] = over(r["rps"], rps_of(off)) if wuye and r["direct"] == "on" else None
        r["x_pg"] = over(r["rps"], rps_of(pg)) if r["system"] == "wuye-sqlite" else None
        r["x_floor"] = over(r["rps"], rps_of(floor), 3) if wuye else None
        r["rss_mb"] = round(r.pop("rss_kb", 0) / 1024, 1)
    print(f"{'system':<15}{'cache':<6}{'plan':<5}{'query':<24}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'RSS MB':>8}"
          f"{'× peer':>8}{'× off':>7}{'× PG':>7}{'× floor':>9}")
    ratio = lambda v: "" if v is None else f"{v:g}"
    for r in rows:
        print(f"{r['system']:<15}{r['cache']:<6}{r['direct']:<5}{r['query']:<24}{r['rps']:>10.1f}{r['p50_ms']:>9.2f}"
              f"{r['p99_ms']:>9.2f}{r['rss_mb']:>8.1f}{ratio(r['x_peer']):>8}{ratio(r['x_off']):>7}"
              f"{ratio(r['x_pg']):>7}{ratio(r['x_floor']):>9}")
    targets = []

    def target(name, ok):
        if ok is not None:
            targets.append({"target": name, "met": bool(ok)})

    planned = [r for r in rows if r["system"].startswith("wuye") and r["cache"] == "off" and r["direct"] == "on"]
    for r in planned:
        if r["system"] == "wuye-postgres":
            if r["x_peer"] is not None:
                target(f"{r['query']}: PostgreSQL uncached ≥ 3× the better PostGraphile", r["x_peer"] >= 3)
            if r["x_off"] is not None:
                target(f"{r['query']}: PostgreSQL uncached ≥ 2× the planned path off", r["x_off"] >= 2)
        if r["system"] == "wuye-sqlite" and r["x_pg"] is not None:
            target(f"{r['query']}: SQLite uncached ≥ 0.9× PostgreSQL", r["x_pg"] >= 0.9)
    for r in rows:
        if r["cache"] == "on" and r["x_floor"] is not None:
            target(f"{r['query']}: {r['system']} cached ≥ 0.3× floor", r["x_floor"] >= 0.3)
    served = [r for r in rows if r["system"].startswith("wuye")]
    target("RSS ≤ 100 MB", all(r["rss_mb"] <= 100 for r in served) if served else None)
    print()
    for t in targets:
        print(("met    " if t["met"] else "MISSED ") + t["target"])
    met = sum(t["met"] for t in targets)
    print(f"\n{met} of {len(targets)} targets met")
    silent = [f"{r['system']} {r['cache']} {r['direct']} {r['query']}" for r in rows if not r["rps"]]
    if silent:
        print("no answer within the time (no ratio): " + ", ".join(silent))
    json.dump({"rows": rows, "targets": targets}, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
    print(f"written to {sys.argv[2]}")
    bad = [r for r in rows if r.get("bad", 0) or r.get("non2xx", 0) or r.get("errors", 0)]
    if bad:
        print("bad answers in: " + ", ".join(f"{r['system']} {r['cache']} {r['query']}" for r in bad), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
