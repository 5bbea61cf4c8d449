#!/usr/bin/env python3
"""Verifies a Samverkan export by the hash rule in the README, with Python's standard library only.

Usage: python3 verify_export.py EXPORT.jsonl   (exit 0: intact, 1: altered)
It keeps every hash in memory so that checkpoints can be checked; `samverkan verify --file` does not.
"""
import hashlib, json, sys

def field(text):
    data = text.encode("utf-8")
    return len(data).to_bytes(4, "big") + data

def chain(previous, row):
    fields = [str(row["position"]), row["recorded_at"], row["aggregate_type"], row["aggregate_id"],
              str(row["sequence"]), row["event_type"], row["event_version"], row["payload"], row["metadata"]]
    return hashlib.sha256(previous + b"".join(field(f) for f in fields)).digest()

def verify(path):
    with open(path, encoding="utf-8") as file:
        header = json.loads(file.readline())
        last = header["from_position"] - 1
        hashes = {last: bytes(32) if last == 0 else bytes.fromhex(header["previous_hash"])}
        for line in file:
            if not line.endswith("\n"):
                break  # the file ends inside a line: cut short
            row = json.loads(line)
            if row["kind"] == "end":
                if last < (header["to_position"] or row["head_position"]):
                    return f"altered at position {last + 1}: the row is missing"
                if last == row["head_position"] and hashes[last].hex() != row["head_hash"]:
                    return f"altered at position {last}: the head does not match"
                return print(f"intact: {row['events']} events, last position {last} hash {hashes[last].hex()}")
            if row["position"] != last + 1 or row["position"] > header["head_position"]:
                return f"altered at position {last + 1}: position {row['position']} stands there"
            hashes[row["position"]] = chain(hashes[last], row)
            if hashes[row["position"]].hex() != row["hash"]:
                return f"altered at position {row['position']}: the stored hash does not match"
            last = row["position"]
            if row["aggregate_type"] == "Checkpoint":
                claim = json.loads(row["payload"])["CheckpointRecorded"]
                if hashes.get(claim["position"], b"").hex() != claim["hash"]:
                    return f"altered at position {claim['position']}: the checkpoint at {last} is contradicted"
    return f"altered at position {last + 1}: the export was cut short"

if __name__ == "__main__":
    finding = verify(sys.argv[1])
    if finding:
        sys.exit(print(finding) or 1)
