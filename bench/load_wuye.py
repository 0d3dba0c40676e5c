"""Loads the peer benchmark's rows (bench/dataset.py, a copy of ../../shared/bench/dataset.py that run.sh checks
is unchanged) into a migrated, empty wuye database, straight into its tables: the same county, towns, communities,
estates, enterprises, contracts, committees and members the peers are timed over.
Usage: load_wuye.py sqlite:///path.db | postgres://…"""
import os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from dataset import make  # noqa: E402

NOW = "2026-01-01 00:00:00+00:00"


def q(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def rows(data):
    yield "county", ["id", "code", "name", "name_sort", "version", "created_at", "updated_at"], [
        [1, "340621", "濉溪县", "sui1xi1xian4", 1, NOW, NOW]]
    yield "town", ["id", "county_id", "code", "name", "name_sort", "kind", "service_center_established_on",
                   "service_center_staff_count", "version", "created_at", "updated_at"], [
        [t["id"], 1, t["code"], t["name"], t["name"], "TOWN", "2021-10-20", 3, 1, NOW, NOW] for t in data["towns"]]
    yield "community", ["id", "town_id", "code", "name", "name_sort", "kind", "version", "created_at", "updated_at"], [
        [c["id"], c["town_id"], c["code"], c["name"], c["name"], "RESIDENTS", 1, NOW, NOW] for c in data["communities"]]
    yield "enterprise", ["id", "credit_code", "name", "name_sort", "legal_representative", "address", "status", "version",
                         "created_at", "updated_at"], [
        [e["id"], e["credit_code"], e["name"], e["name"], "法定代表人", "濉溪县", "ACTIVE", 1, NOW, NOW]
        for e in data["enterprises"]]
    yield "estate", ["id", "community_id", "code", "name", "name_sort", "address", "housing_type", "service_mode",
                     "five_basics", "buildings", "households", "occupied_households", "private_area",
                     "management_room_area", "version", "created_at", "updated_at"], [
        [e["id"], e["community_id"], e["code"], e["name"], e["name"], "濉溪县", "COMMODITY", e["service_mode"], "",
         max(1, e["households"] // 90), e["households"], 0, e["households"] * 10000, e["households"] * 30, 1, NOW, NOW]
        for e in data["estates"]]
    yield "service_contract", ["id", "estate_id", "enterprise_id", "start_on", "end_on", "fee_per_m2_month", "selection",
                               "status", "version", "created_at", "updated_at"], [
        [c["id"], c["estate_id"], c["enterprise_id"], "2024-01-01", "2028-12-31", c["fee_fen"], "BIDDING", c["status"], 1,
         NOW, NOW] for c in data["contracts"]]
    yield "committee", ["id", "estate_id", "kind", "status", "formed_on", "version", "created_at", "updated_at"], [
        [c["id"], c["estate_id"], c["kind"], c["status"], "2024-01-01", 1, NOW, NOW] for c in data["committees"]]
    seats = {}
    members = []
    for m in data["members"]:
        seat = seats.get(m["committee_id"], 0)
        seats[m["committee_id"]] = seat + 1
        members.append([m["id"], m["committee_id"], seat, m["name"], m["position"], "OWNER", True, seat % 2 == 0, "",
                        "2024-01-01", NOW])
    # Every member sat from the day the committee was formed (`joined_on`, which wuye reads as never null).
    yield "committee_member", ["id", "committee_id", "seat", "name", "position", "affiliation",
                               "is_owner_representative", "is_party_member", "tags", "joined_on", "created_at"], members


def statements(data, postgres):
    for table, columns, values in rows(data):
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            yield f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join(
                "(" + ", ".join(q(v) for v in row) + ")" for row in chunk) + ";"
    if postgres:
        for table in ["county", "town", "community", "enterprise", "estate", "service_contract", "committee",
                      "committee_member"]:
            yield f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}));"
        yield "ANALYZE;"


def main():
    url = sys.argv[1]
    data = make()
    if url.startswith("sqlite:"):
        import sqlite3
        path = url.split("://", 1)[1].split("?")[0] if "://" in url else url[len("sqlite:"):]
        db = sqlite3.connect(path)
        for sql in statements(data, False):
            db.execute(sql)
        db.commit()
        db.execute("ANALYZE")
        db.close()
    else:
        sql = "\n".join(statements(data, True))
        subprocess.run(["psql", "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", url], input=sql.encode(), check=True)
    print(f"loaded {len(data['estates'])} estates, {len(data['members'])} members into {url}")


if __name__ == "__main__":
    main()
