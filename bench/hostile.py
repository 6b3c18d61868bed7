#!/usr/bin/env python3
"""Hostile load against a running `pymirror serve`, by hand (not CI): a burst of connections, and
a flood of wrong passwords while real users log in. Prints what happened; see BENCHMARKS.md.

    bench/hostile.py burst PORT [N]    # N connections (default 1000) opened at once, each one GET
    bench/hostile.py flood PORT        # 60 connections sending wrong passwords for alice to
                                       # /secret/simple/ (a read = "users" index) for about 6 s;
                                       # meanwhile bob logs in from 127.0.0.2 (fresh, then
                                       # remembered) and alice, who logged in before, from 127.0.0.1

The server needs a hosted default index, and for `flood` an index `secret` with read = "users"
and users alice and bob with passwords alice-password and bob-password. For `burst`, whose
connections all come from 127.0.0.1 standing in for a farm, set max-connections-per-address
above N (else all but 256 are closed unanswered, which is that limit working).
"""
import asyncio
import base64
import collections
import sys
import time


def request(path, user=None, password=None):
    auth = ""
    if user:
        auth = "Authorization: Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() + "\r\n"
    return f"GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n".encode()


async def ask(port, data, local=None):
    r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(local, 0) if local else None)
    w.write(data)
    await w.drain()
    answer = await r.read()
    w.close()
    return int(answer[9:12])


async def burst(port, n):
    start = time.monotonic()
    answers = await asyncio.gather(*[ask(port, request("/simple/")) for _ in range(n)], return_exceptions=True)
    took = time.monotonic() - start
    outcomes = collections.Counter(a if isinstance(a, int) else type(a).__name__ for a in answers)
    print(f"{n} connections answered in {took:.2f} s: {dict(outcomes)}")


async def flood(port):
    print("alice logs in before the flood:", await ask(port, request("/secret/simple/", "alice", "alice-password")))
    counts = collections.Counter()
    stop = asyncio.Event()

    async def attacker(i):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                counts[await ask(port, request("/secret/simple/", "alice", f"guess-{i}-{n}"))] += 1
            except OSError as e:
                counts[type(e).__name__] += 1

    tasks = [asyncio.create_task(attacker(i)) for i in range(60)]
    await asyncio.sleep(2)
    for who, local in [("bob", "127.0.0.2"), ("bob", "127.0.0.2"), ("alice", None), ("alice", None)]:
        start = time.monotonic()
        status = await ask(port, request("/secret/simple/", who, f"{who}-password"), local)
        print(f"valid login {who} from {local or '127.0.0.1 (the flooding address)'}: {status} "
              f"in {time.monotonic() - start:.2f} s")
        await asyncio.sleep(1)
    stop.set()
    await asyncio.gather(*tasks)
    print("flood answers:", dict(counts))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("burst", "flood"):
        sys.exit(__doc__)
    port = int(sys.argv[2])
    if sys.argv[1] == "burst":
        asyncio.run(burst(port, int(sys.argv[3]) if len(sys.argv) > 3 else 1000))
    else:
        asyncio.run(flood(port))
