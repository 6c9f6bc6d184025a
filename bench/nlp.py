"""Benchmark nlp/: model load time and memory, single-message latency, batch throughput on one core."""
import argparse
import os
import random
import sys
import time

# One core, one thread: the figures must hold on a small server where the bot shares the CPU.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
if hasattr(os, "sched_setaffinity"):
    _cpus = sorted(os.sched_getaffinity(0))
    _cpu = int(os.environ.get("BENCH_CPU", _cpus[-1]))  # BENCH_CPU=n picks the core; default the last one
    os.sched_setaffinity(0, {_cpu})
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

# The Traffy export beside the checkout when present (it is never part of the repository).
DEFAULT_DATA = os.environ.get("TRAFFY_CSV", os.path.join(ROOT, "..", "shared", "data", "traffy_2022_train.csv.gz"))


def rss_mb() -> float:
    """Return the resident memory of this process in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def texts_from(path: str, n: int) -> list[str]:
    """Read report texts from a Traffy CSV at run time (never stored), or make some up."""
    if path and os.path.exists(path):
        from nlp.dataset import read_tickets

        comments = [t.comment for t in read_tickets(path) if t.comment.strip()]
        random.Random(1).shuffle(comments)
        return comments[:n]
    parts = ["ถนนเป็นหลุม", "น้ำท่วมขัง", "ไฟดับทั้งซอย", "ต้นไม้ล้ม", "ทางเท้าชำรุด", "เสียงดังทั้งคืน",
             "ขยะเต็มถัง", "สายไฟห้อยต่ำ", "street light broken", "หน้าซอย 5", "ช่วยด้วยครับ", "อันตรายมาก"]
    rng = random.Random(1)
    return [" ".join(rng.choice(parts) for _ in range(rng.randint(2, 8))) for _ in range(n)]


def percentile(values, q):
    """Return the q-th percentile of values."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def bench_load() -> float:
    """Import and load nlp; print the times and memory; return the bare interpreter's RSS."""
    base = rss_mb()
    t = time.perf_counter()
    import nlp

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    nlp.load()
    load_s = time.perf_counter() - t
    loaded = rss_mb()
    print("import nlp:          %.3f s (numpy)" % import_s)
    print("load:                %.3f s (model, word list, place table)" % load_s)
    print("memory (RSS):        %.0f MB after load, %.0f MB above the bare interpreter (%.0f MB)"
          % (loaded, loaded - base, base))
    print("modules loaded:      scipy %s, scikit-learn %s" % ("scipy" in sys.modules, "sklearn" in sys.modules))
    return base


def bench_classify(texts) -> None:
    """Print single-message latency and batch throughput, in wall and CPU time."""
    import nlp

    for text in texts[:200]:
        nlp.classify(text)
    # On a shared machine the wall clock also counts the time other processes held the core; this
    # thread's CPU time is what the work costs on one core of its own.
    wall, cpu = [], []
    for text in texts[:5000]:
        t, c = time.perf_counter(), time.thread_time()
        nlp.classify(text)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    for name, lat in (("wall", wall), ("cpu", cpu)):
        print("single message %-4s  median %.2f ms, p99 %.2f ms, max %.2f ms"
              % (name + ":", percentile(lat, 50), percentile(lat, 99), max(lat)))
    t, c = time.perf_counter(), time.thread_time()
    for i in range(0, len(texts), 1000):
        nlp.classify_many(texts[i : i + 1000])
    print("batch (1,000/call):  %.0f messages/s wall, %.0f messages/s of CPU time"
          % (len(texts) / (time.perf_counter() - t), len(texts) / (time.thread_time() - c)))
    print("load average:        %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


def bench_places_and_pii(texts) -> None:
    """Print the cost of a coordinate lookup and of a personal-data scan."""
    import nlp

    rng = random.Random(2)
    points = [(rng.uniform(13.55, 13.95), rng.uniform(100.35, 100.9)) for _ in range(20000)]
    t = time.perf_counter()
    for lat, lon in points:
        nlp.locate(lat, lon)
    print("locate(lat, lon):    %.1f us each" % ((time.perf_counter() - t) / len(points) * 1e6))
    t = time.perf_counter()
    for text in texts[:5000]:
        nlp.find_personal_data(text)
    print("find_personal_data:  %.1f us each" % ((time.perf_counter() - t) / min(5000, len(texts)) * 1e6))


def main() -> None:
    """Print the benchmark figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=DEFAULT_DATA, help="Traffy CSV to read texts from (optional)")
    ap.add_argument("--n", type=int, default=20000)
    args = ap.parse_args()
    print("cpu affinity:        %s" % sorted(os.sched_getaffinity(0)))
    base = bench_load()
    texts = texts_from(args.data, args.n)
    source = "training CSV comments" if args.data and os.path.exists(args.data) else "generated texts"
    print("texts:               %d %s, mean %.0f characters" % (len(texts), source,
                                                                 sum(map(len, texts)) / len(texts)))
    bench_classify(texts)
    bench_places_and_pii(texts)
    print("memory (RSS):        %.0f MB after the runs above, %.0f MB above the bare interpreter (this includes"
          " the texts read from the CSV)" % (rss_mb(), rss_mb() - base))


if __name__ == "__main__":
    main()
