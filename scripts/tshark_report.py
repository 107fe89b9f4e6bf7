#!/usr/bin/env python3
"""Reference port report computed from tshark's dissection of a capture.

The probe definition is the one Stormwatch documents, written independently of its Java code:
  * only the outermost IP header counts (tunnels are not followed);
  * TCP: ACK and RST clear (a SYN, or the FIN, NULL and Xmas probes of stealth scans);
  * UDP: not a reply. A datagram is a reply when its reverse address/port pair was last seen at t'
    with t - t' <= 120 s and newest - t' <= 120 s (newest: the latest time seen so far); every
    datagram refreshes its own pair;
  * ICMP echo request (type 8), ICMPv6 echo request (type 128), both reported as icmp port 8.
Output: CSV rows start,port,protocol,records,sources,targets per UTC bucket, ordered by start, then
records (most first), port and protocol (tcp, udp, icmp) - the order of `stormwatch report`.
A first line '# frames N' gives the number of frames tshark read.

Usage: tshark_report.py [--bucket 1d|1h] CAPTURE
"""
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

FIELDS = [
    "frame.time_epoch", "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
    "tcp.srcport", "tcp.dstport", "tcp.flags", "udp.srcport", "udp.dstport",
    "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code",
]
WINDOW = 120 * 10**9
PROTO_ORDER = {"tcp": 0, "udp": 1, "icmp": 2}


def tshark_rows(path):
    cmd = ["tshark", "-n", "-r", path, "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
           "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        yield dict(zip(FIELDS, line.split("\t")))


def outer_transport(protocols):
    layers = protocols.split(":")
    for i, layer in enumerate(layers):
        if layer in ("ip", "ipv6"):
            rest = [x for x in layers[i + 1:] if not x.startswith("ipv6.")]
            return layer, (rest[0] if rest else None)
    return None, None


def main():
    args = sys.argv[1:]
    bucket = 86400
    if args[:1] == ["--bucket"]:
        bucket = {"1d": 86400, "1h": 3600}[args[1]]
        args = args[2:]
    path = args[0]
    last_seen = {}
    newest = None
    cells = defaultdict(lambda: [0, set(), set()])
    frames = 0
    for r in tshark_rows(path):
        frames += 1
        ip, transport = outer_transport(r["frame.protocols"])
        if ip is None or transport not in ("tcp", "udp", "icmp", "icmpv6"):
            continue
        src = r["ip.src"] if ip == "ip" else r["ipv6.src"]
        dst = r["ip.dst"] if ip == "ip" else r["ipv6.dst"]
        t = int(Decimal(r["frame.time_epoch"]) * 10**9)
        if transport == "tcp":
            if not r["tcp.flags"] or not r["tcp.dstport"]:
                continue
            flags = int(r["tcp.flags"], 16)
            if flags & 0x14:
                continue
            key = (int(r["tcp.dstport"]), "tcp")
        elif transport == "udp":
            if not r["udp.dstport"]:
                continue
            sport, dport = int(r["udp.srcport"]), int(r["udp.dstport"])
            newest = t if newest is None else max(newest, t)
            seen = last_seen.get((dst, dport, src, sport))
            last_seen[(src, sport, dst, dport)] = t
            if seen is not None and t - seen <= WINDOW and newest - seen <= WINDOW:
                continue
            key = (dport, "udp")
        else:
            field = "icmp.type" if transport == "icmp" else "icmpv6.type"
            if r[field] != ("8" if transport == "icmp" else "128"):
                continue
            key = (8, "icmp")
        start = (t // 10**9) // bucket * bucket
        cell = cells[(start,) + key]
        cell[0] += 1
        cell[1].add(src)
        cell[2].add(dst)
    rows = sorted(cells.items(), key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1], PROTO_ORDER[kv[0][2]]))
    print("# frames %d" % frames)
    print("start,port,protocol,records,sources,targets")
    import datetime
    for (start, port, proto), (records, sources, targets) in rows:
        iso = datetime.datetime.fromtimestamp(start, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        print("%s,%d,%s,%d,%d,%d" % (iso, port, proto, records, len(sources), len(targets)))


if __name__ == "__main__":
    main()
