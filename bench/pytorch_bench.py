#!/usr/bin/env python3
"""PyTorch side of `./kit bench`: the kit's workloads written the way a PyTorch user would write them.

Same models (784-1200-1200-10 with dropout 0.2, 784-100-10; weights drawn like DJL's default, N(0, 2/fan_in), biases
0), same data (the shipped Fashion-MNIST IDX files, pixels / 255), same batch sizes, Adam(lr=0.001), same epochs
(1 warm-up + timed ones, median epoch time), same work per batch as the kit's Distiller: a fresh shuffle every epoch,
gather the batch, forward, loss, backward, step, then the batch loss and the number of correct predictions read back
to Python. The per-epoch test evaluation is run but not timed, as in the kit.

The KD loss is the idiomatic one: T^2 * kl_div(log_softmax(z_s/T), softmax(z_t/T), 'batchmean') * alpha
+ (1 - alpha) * cross_entropy(z_s, y).

Writes one JSON file (see --out); bench/report.py reads it.
"""
import argparse
import gzip
import json
import math
import os
import platform
import re
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

T, ALPHA, STUDENT_EPOCHS, TEACHER_EPOCHS = 2.0, 0.5, 5, 8  # the kit's; --recipe reads them from the kit's run


def log(msg):
    print("[bench/pytorch] " + msg, file=sys.stderr, flush=True)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    def part(prefix):
        x = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"))
        return (torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255.0),
                torch.from_numpy(y.astype(np.int64)))
    return part("train"), part("t10k")


def mlp(hidden, dropout=0.0):
    layers, width = [], 784
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = h
    layers.append(nn.Linear(width, 10))
    net = nn.Sequential(*layers)
    for m in net.modules():
        if isinstance(m, nn.Linear):  # DJL's default: Xavier Gaussian, factor "in", magnitude 2; biases 0
            nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / m.in_features))
            nn.init.zeros_(m.bias)
    return net


def teacher_net():
    return mlp([1200, 1200], 0.2)


def student_net():
    return mlp([100])


def params(net):
    return sum(p.numel() for p in net.parameters())


def kd_loss(zs, zt, y, t, alpha):
    soft = F.kl_div(F.log_softmax(zs / t, dim=1), F.softmax(zt / t, dim=1), reduction="batchmean") * (t * t)
    return alpha * soft + (1 - alpha) * F.cross_entropy(zs, y)


def shift(bx, gen):
    """Random whole-pixel shifts in [-2, 2] along each axis, border filled with 0 (as the kit's augmentation)."""
    n = bx.shape[0]
    padded = F.pad(bx.view(n, 28, 28), (2, 2, 2, 2))
    dy = torch.randint(-2, 3, (n,), generator=gen)
    dx = torch.randint(-2, 3, (n,), generator=gen)
    ar = torch.arange(28)
    rows = (ar[None, :] - dy[:, None] + 2)[:, :, None]
    cols = (ar[None, :] - dx[:, None] + 2)[:, None, :]
    return padded[torch.arange(n)[:, None, None], rows, cols].reshape(n, 784)


@torch.no_grad()
def logits_in_batches(net, x):
    net.eval()
    return torch.cat([net(x[i:i + 1000]) for i in range(0, len(x), 1000)])


def accuracy(net, x, y):
    return (logits_in_batches(net, x).argmax(1) == y).float().mean().item()


def train(net, data, epochs, batch, seed, teacher=None, augment=False, t=None, alpha=None):
    """The Distiller's loop in PyTorch. Returns (per-epoch training seconds, final test accuracy)."""
    (x, y), (xt, yt) = data
    t, alpha = T if t is None else t, ALPHA if alpha is None else alpha
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    cached = logits_in_batches(teacher, x) if teacher is not None and not augment else None
    n, seconds = len(x), []
    for _ in range(epochs):
        net.train()
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        loss_sum, correct = 0.0, 0
        for b in range(0, n, batch):
            idx = perm[b:b + batch]
            bx, by = x[idx], y[idx]
            if augment:
                bx = shift(bx, gen)
            zs = net(bx)
            if teacher is None:
                loss = F.cross_entropy(zs, by)
            else:
                if cached is not None:
                    zt = cached[idx]
                else:
                    with torch.no_grad():
                        zt = teacher(bx)
                loss = kd_loss(zs, zt, by, t, alpha)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            correct += (zs.argmax(1) == by).sum().item()
        seconds.append(time.perf_counter() - t0)
        acc = accuracy(net, xt, yt)
    return seconds, acc


def blas_info():
    """Which BLAS PyTorch was built for and which one it actually loaded (Debian's python3-torch calls whatever
    libblas.so.3 the system's alternatives point at: the slow reference BLAS unless OpenBLAS is installed)."""
    show = torch.__config__.show()
    built = [line.strip() for line in show.splitlines()
             if any(k in line for k in ("MKL", "oneDNN", "OpenMP", "LAPACK is")) and "Build settings" not in line]
    built += re.findall(r"\b(?:BLAS_INFO|LAPACK_INFO|USE_MKL|USE_MKLDNN|USE_OPENMP)=[^,\s]*", show)
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))  # loads the BLAS if it is loaded lazily
    loaded = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "mkl", "lapack", "blis")):
                    loaded.add(os.path.realpath(path))
    except OSError:
        pass
    return {"config_show": show.splitlines(), "build_blas": built, "loaded_blas_libraries": sorted(loaded)}


def gemm(n=2048, repeats=9):
    a, b = torch.randn(n, n), torch.randn(n, n)
    g = []
    for i in range(repeats + 2):
        t0 = time.perf_counter()
        torch.mm(a, b)
        s = time.perf_counter() - t0
        if i >= 2:
            g.append(2 * n ** 3 / s / 1e9)
    g.sort()
    return {"n": n, "median_gflops": g[len(g) // 2], "best_gflops": g[-1], "repeats": repeats}


@torch.no_grad()
def inference(net, batch, repeats=30):
    net.eval()
    x = torch.rand(batch, 784)
    ms = []
    for i in range(repeats + 3):
        t0 = time.perf_counter()
        net(x)
        if i >= 3:
            ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return ms[len(ms) // 2]


def throughput(data, batches, timed, gemm_flops):
    rows = []
    teacher = teacher_net()
    pt, ps = params(teacher), params(student_net())
    flops = {"teacher_train": 6 * pt, "student_train": 6 * ps, "kd_cached": 6 * ps,
             "student_train_augmented": 6 * ps, "kd_per_batch": 6 * ps + 2 * pt}
    n = len(data[0][0])
    for batch in batches:
        for key in flops:
            log(f"throughput: {key}, batch {batch} (1 + {timed} epochs)")
            torch.manual_seed(7)
            net = teacher_net() if key == "teacher_train" else student_net()
            kd = key.startswith("kd")
            seconds, acc = train(net, data, 1 + timed, batch, 7, teacher=teacher if kd else None,
                                 augment=key in ("student_train_augmented", "kd_per_batch"))
            med = float(np.median(seconds[1:]))
            sps = n / med
            rows.append({"workload": key, "batch": batch, "epoch_seconds": seconds, "median_epoch_s": med,
                         "samples_per_s": sps, "best_samples_per_s": n / min(seconds[1:]), "flops_per_sample": flops[key],
                         "bound_fraction": sps * flops[key] / gemm_flops, "final_test_accuracy": acc})
            log(f"  {sps:,.0f} samples/s, epochs " + " ".join(f"{s:.2f}" for s in seconds))
        for name, net in (("teacher_inference", teacher), ("student_inference", student_net())):
            ms = inference(net, batch)
            sps = batch / (ms / 1000)
            f = 2 * params(net)
            rows.append({"workload": name, "batch": batch, "millis_per_batch": ms, "samples_per_s": sps,
                         "flops_per_sample": f, "bound_fraction": sps * f / gemm_flops})
            log(f"inference: {name}, batch {batch}: {sps:,.0f} samples/s")
    return rows


def seeds(data, seed_list, name):
    acc = {"teacher": [], "student_scratch": [], "student_kd": []}
    t0 = time.perf_counter()
    for s in seed_list:
        log(f"{name}, seed {s}: teacher ({TEACHER_EPOCHS} epochs), scratch and distilled students ({STUDENT_EPOCHS})")
        torch.manual_seed(s)
        teacher = teacher_net()
        acc["teacher"].append(train(teacher, data, TEACHER_EPOCHS, 128, s)[1])
        torch.manual_seed(s)
        acc["student_scratch"].append(train(student_net(), data, STUDENT_EPOCHS, 128, s)[1])
        torch.manual_seed(s)
        acc["student_kd"].append(train(student_net(), data, STUDENT_EPOCHS, 128, s, teacher=teacher)[1])
        log("  teacher %.2f %%, scratch %.2f %%, distilled %.2f %%" % tuple(100 * v[-1] for v in acc.values()))
    out = {"dataset": name, "train_size": len(data[0][0]), "seeds": seed_list, "wall_s": time.perf_counter() - t0}
    for k, v in acc.items():
        out[k] = {"test_accuracy": v, "mean": float(np.mean(v)), "std": float(np.std(v, ddof=1)) if len(v) > 1 else 0.0}
    return out


def main():
    global T, ALPHA, STUDENT_EPOCHS, TEACHER_EPOCHS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True, help="repository root (datasets/ lives there)")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--batches", default="128,512")
    p.add_argument("--timed-epochs", type=int, default=3)
    p.add_argument("--seeds", default="42,43,44")
    p.add_argument("--sections", default="throughput,seeds")
    p.add_argument("--recipe", help="JSON file with the kit's recipe (temperature, alpha, student_epochs, "
                   "teacher_epochs), e.g. build/bench-kit.json; defaults: T=%g, alpha=%g" % (T, ALPHA))
    a = p.parse_args()
    if a.recipe:
        with open(a.recipe) as f:
            r = json.load(f)["recipe"]
        T, ALPHA = float(r["temperature"]), float(r["alpha"])
        STUDENT_EPOCHS, TEACHER_EPOCHS = int(r["student_epochs"]), int(r["teacher_epochs"])

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    data = load(os.path.join(a.root, "datasets", "fashion-mnist"))
    out = {"recipe": {"temperature": T, "alpha": ALPHA, "student_epochs": STUDENT_EPOCHS, "teacher_epochs": TEACHER_EPOCHS},
           "environment": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                           "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
                           "parallel_info": torch.__config__.parallel_info().splitlines()[:12]}}
    out["environment"]["blas"] = blas_info()
    log("PyTorch %s, BLAS loaded: %s" % (torch.__version__,
        ", ".join(out["environment"]["blas"]["loaded_blas_libraries"]) or "(none found in /proc/self/maps)"))
    g = gemm()
    out["gemm"] = g
    log(f"GEMM: {g['median_gflops']:.1f} GFLOP/s median, {g['best_gflops']:.1f} best")

    def save():
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out + ".tmp", "w") as f:
            json.dump(out, f, indent=1)
        os.replace(a.out + ".tmp", a.out)

    sections = a.sections.split(",")
    if "throughput" in sections:
        out["throughput"] = throughput(data, [int(b) for b in a.batches.split(",")], a.timed_epochs,
                                       g["median_gflops"] * 1e9)
        save()
    if "seeds" in sections:
        out["seeds_subset"] = seeds(data, [int(s) for s in a.seeds.split(",")], "Fashion-MNIST subset")
    save()


if __name__ == "__main__":
    main()
