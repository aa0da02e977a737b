"""Discrete-event simulation of an M/M/c queue with SimPy.

An independent check of the closed-form model in src/model/queueing.rs (run by
tests/mmc_reference.rs): Poisson arrivals at rate lambda = utilisation * c / S, c servers,
first come first served, exponential service with mean S = 1 ms, no abandonment. The c
servers are SimPy processes taking customers in arrival order from one FIFO simpy.Store
(the same queue as a simpy.Resource with capacity c, and about 1.7 times faster). Each
customer's time in system (wait + service) is recorded; the first --warmup customers are
dropped (the queue starts empty), and the next --customers are measured.

    python3 tests/reference/mmc_simpy.py --servers 4 --utilisation 0.8 --customers 200000 --seed 1

prints one JSON object: servers, utilisation, customers, p50_ms, p99_ms, mean_ms.
Deterministic for a given seed (one random.Random(seed) draws everything).
"""

import argparse
import json
import random

import simpy

MEAN_SERVICE_MS = 1.0


def arrivals(env, queue, rate_per_ms, total, rng):
    """Poisson arrivals; each customer brings its own exponential service time."""
    for index in range(total):
        yield env.timeout(rng.expovariate(rate_per_ms))
        queue.put((index, env.now, rng.expovariate(1.0 / MEAN_SERVICE_MS)))


def server(env, queue, times):
    """One of c servers: takes the customer at the head of the FIFO queue, serves it."""
    while True:
        index, arrived, service_ms = yield queue.get()
        yield env.timeout(service_ms)
        times[index] = env.now - arrived


def percentile(ordered, q):
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def simulate(servers, utilisation, customers, seed, warmup):
    rng = random.Random(seed)
    env = simpy.Environment()
    queue = simpy.Store(env)  # unbounded, first in first out
    total = warmup + customers
    times = [None] * total
    rate_per_ms = utilisation * servers / MEAN_SERVICE_MS
    env.process(arrivals(env, queue, rate_per_ms, total, rng))
    for _ in range(servers):
        env.process(server(env, queue, times))
    env.run()  # arrivals stop after `total`; FCFS, so draining does not change anyone's time
    measured = sorted(times[warmup:])
    return {
        "servers": servers,
        "utilisation": utilisation,
        "customers": customers,
        "p50_ms": percentile(measured, 0.50),
        "p99_ms": percentile(measured, 0.99),
        "mean_ms": sum(measured) / len(measured),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, required=True)
    parser.add_argument("--utilisation", type=float, required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=10_000)
    args = parser.parse_args()
    if args.servers < 1 or not 0.0 < args.utilisation < 1.0 or args.customers < 1 or args.warmup < 0:
        parser.error("need servers >= 1, 0 < utilisation < 1, customers >= 1, warmup >= 0")
    result = simulate(args.servers, args.utilisation, args.customers, args.seed, args.warmup)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
