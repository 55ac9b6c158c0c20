"""Slow clients against a server: CONNECTIONS connections that send a request's header lines
one every few seconds, never finishing, while an ordinary client asks for a page once a
second. Prints how long each ordinary request took (or that it timed out).

    python bench/slow_clients.py PORT [--connections 12] [--seconds 20] [--path /healthz]

Against `make run` (nginx in front) the ordinary requests take milliseconds; against gunicorn
alone (its port is PORT + 1) they wait until the slow clients give up. Standard library only:
tests/test_slow_clients.py and bench/load.py use it too."""

import argparse
import http.client
import socket
import threading
import time


def slow_client(port, stop, interval=3.0):
    """One connection that keeps a request's headers coming, a line every `interval`."""
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=5)
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while not stop.wait(interval):
            n += 1
            conn.sendall(f"X-Slow-{n}: {'a' * 10}\r\n".encode())
    except OSError:
        pass  # the server closed it: what a server that guards itself does


def attack(port, connections, stop, interval=3.0):
    threads = [
        threading.Thread(target=slow_client, args=(port, stop, interval), daemon=True)
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    return threads


def timed_request(port, path, timeout=10.0):
    """Seconds one GET took, or None when it did not finish within `timeout`."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path)
        conn.getresponse().read()
        conn.close()
    except OSError:
        return None
    return time.monotonic() - started


def under_attack(port, connections=12, seconds=20.0, path="/healthz", timeout=10.0):
    """The times of ordinary requests, one a second, while `connections` slow clients run."""
    stop = threading.Event()
    attack(port, connections, stop)
    time.sleep(1.0)  # let the slow clients take their places
    times, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        times.append(timed_request(port, path, timeout))
        time.sleep(max(0.0, 1.0 - (times[-1] or timeout)))
    stop.set()
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--path", default="/healthz")
    args = parser.parse_args()
    times = under_attack(args.port, args.connections, args.seconds, args.path)
    done = sorted(t for t in times if t is not None)
    print(f"{args.connections} slow clients on port {args.port}, {len(times)} ordinary requests:")
    print(f"  answered {len(done)}, timed out {len(times) - len(done)}")
    if done:
        print(f"  slowest {done[-1] * 1000:.0f} ms, median {done[len(done) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
