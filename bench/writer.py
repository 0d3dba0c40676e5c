"""Writes to one county at a steady rate while a benchmark reads another (bench/scale.sh, "cached under writes").

Usage: python3 bench/writer.py URL TOKEN COUNTY KIND RATE SECONDS
  KIND complaints: receives a complaint about one of the county's estates (in turn) per write;
  KIND estates:    renames one of the county's estates (in turn) per write.
Prints the writes made and those that failed; exits non-zero when any failed."""
import json
import sys
import time
import urllib.request

url, token, county, kind, rate, seconds = sys.argv[1:7]
rate, seconds = float(rate), float(seconds)


def post(query, variables, auth=True):
    request = urllib.request.Request(
        url + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", **({"authorization": "Bearer " + token} if auth else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


estates = post(
    "query($county: String!) { estates(first: 20, orderBy: {field: CODE}, filter: {countyCode: $county}) {"
    " nodes { id version } } }",
    {"county": county},
    auth=False,
)["data"]["estates"]["nodes"]
assert estates, f"no estate in county {county}"
RECEIVE = "mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { complaint { id } } }"
RENAME = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { version } } }"

made = failed = 0
start = time.monotonic()
while (now := time.monotonic()) - start < seconds:
    estate = estates[made % len(estates)]
    if kind == "complaints":
        answer = post(RECEIVE, {"input": {"channel": "HOTLINE_12345", "ticketNumber": f"BENCH-{int(start)}-{made}",
            "category": "SERVICE_QUALITY", "estateId": estate["id"], "summary": "基准测试投诉",
            "complainantName": "基准", "complainantPhone": "13900001234"}})
    else:
        answer = post(RENAME, {"input": {"id": estate["id"], "expectedVersion": estate["version"],
            "name": f"基准小区改名{made}"}})
        if "errors" not in answer:
            estate["version"] = answer["data"]["updateEstate"]["estate"]["version"]
    made += 1
    failed += "errors" in answer
    time.sleep(max(0.0, start + made / rate - time.monotonic()))
print(f"{made} writes ({made / (time.monotonic() - start):.1f}/s), {failed} failed")
sys.exit(1 if failed else 0)
