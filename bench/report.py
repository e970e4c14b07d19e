#!/usr/bin/env python3
"""Turns the parts measured by `./kit bench` into build/bench.md and build/bench.json, and prints the Markdown.

Inputs (in --dir): bench-kit.json (bench/src/.../Bench.java), bench-pytorch.json (bench/pytorch_bench.py; may be
missing), bench-kernel.json (bench/kernel_timing.py), bench-machine.json (written by bench/run.sh), and
notebook-report.json (written by ./kit test or ./kit run; may be missing).
"""
import argparse
import json
import os
import sys

TRAINING = ["teacher_train", "student_train", "kd_cached", "student_train_augmented", "kd_per_batch"]
LABELS = {
    "teacher_train": "teacher training (784-1200-1200-10)",
    "student_train": "student training (784-100-10)",
    "kd_cached": "KD, cached teacher logits",
    "student_train_augmented": "student training, augmented",
    "kd_per_batch": "KD, teacher per batch (augmented)",
    "teacher_inference": "teacher inference",
    "student_inference": "student inference",
}
COURSE_BATCH = 128


def read(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def num(v, fmt="{:,.0f}"):
    return "–" if v is None else fmt.format(v)


def pct(v):
    return "–" if v is None else f"{100 * v:.0f} %"


def row(rows, workload, batch):
    for r in rows or []:
        if r["workload"] == workload and r["batch"] == batch:
            return r
    return None


def pytorch_reference(kit, pt):
    """Is PyTorch's side a fair reference? Its own GEMM must reach a quarter of DJL's: Debian's python3-torch calls the
    system's libblas.so.3, which is the reference BLAS (about 6 GFLOP/s against 100+) unless OpenBLAS is installed."""
    if not pt:
        return False, "PyTorch was not run"
    torch_gemm = (pt.get("gemm") or {}).get("median_gflops")
    kit_gemm = (kit.get("gemm") or {}).get("median_gflops")
    blas = ((pt.get("environment") or {}).get("blas") or {}).get("loaded_blas_libraries") or []
    if torch_gemm is None or kit_gemm is None:
        return False, "a GEMM rate is missing"
    if torch_gemm < 0.25 * kit_gemm:
        return False, (f"PyTorch's own fp32 GEMM ran at {torch_gemm:.1f} GFLOP/s, below a quarter of DJL's {kit_gemm:.1f}: "
                       f"its BLAS ({', '.join(blas) or 'unknown'}) is not a real reference, so no kit ÷ PyTorch ratio is "
                       "printed. Fix: install OpenBLAS (Debian: sudo apt-get install libopenblas0-pthread; `./kit bench` "
                       "does this when run as root), or use pip's torch, which bundles its own BLAS; then run ./kit bench "
                       "again.")
    return True, (f"PyTorch's GEMM {torch_gemm:.1f} GFLOP/s vs DJL's {kit_gemm:.1f} (BLAS: {', '.join(blas) or 'unknown'})")


def goal(name, value, target, better, unit="", fmt="{:.2f}"):
    """One goal line: met or missed, and by how much."""
    if value is None:
        return {"goal": name, "target": target, "value": None, "met": None, "text": "not measured"}
    met = value >= target if better == "higher" else value <= target
    if met:
        text = "met"
    elif better == "higher":
        text = f"missed: {fmt.format(value)}{unit} is {100 * (1 - value / target):.0f} % below {fmt.format(target)}{unit}"
    else:
        text = f"missed: {fmt.format(value)}{unit} is {100 * (value / target - 1):.0f} % above {fmt.format(target)}{unit}"
    return {"goal": name, "target": target, "value": value, "met": met, "text": text}


def seeds_table(kit, torch):
    lines = []
    for table, who in ((kit, "kit"), (torch, "PyTorch")):
        if not table or "skipped" in table:
            continue
        cells = [f"{100 * table[k]['mean']:.2f} ± {100 * table[k]['std']:.2f}"
                 for k in ("teacher", "student_scratch", "student_kd")]
        lines.append(f"| {table['dataset']} ({table['train_size']:,} train) | {who} | " + " | ".join(cells) +
                     f" | {len(table['seeds'])} | {table['wall_s']:.0f} s |")
    return lines


def agreement(kit, torch):
    """Do kit and PyTorch reach the same accuracy with the same recipe? |Δmean| within max(1 pp, 2·SE of Δ)."""
    if not kit or not torch:
        return None
    out = {}
    for k in ("teacher", "student_scratch", "student_kd"):
        a, b = kit[k], torch[k]
        n = min(len(a["test_accuracy"]), len(b["test_accuracy"]))
        se = ((a["std"] ** 2 + b["std"] ** 2) / max(n, 1)) ** 0.5
        tol = max(0.01, 2 * se)
        out[k] = {"difference": a["mean"] - b["mean"], "tolerance": tol, "agree": abs(a["mean"] - b["mean"]) <= tol}
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--dir", required=True, help="the build folder holding the parts")
    p.add_argument("--notebook-report", help="notebook-report.json (default: DIR/notebook-report.json)")
    a = p.parse_args()
    kit = read(os.path.join(a.dir, "bench-kit.json")) or {}
    pt = read(os.path.join(a.dir, "bench-pytorch.json"))
    kern = read(os.path.join(a.dir, "bench-kernel.json")) or {}
    machine = read(os.path.join(a.dir, "bench-machine.json")) or {}
    notebooks = read(a.notebook_report or os.path.join(a.dir, "notebook-report.json"))

    gemm = kit.get("gemm", {}).get("bound_gflops")
    rows = kit.get("throughput", [])
    prow = (pt or {}).get("throughput")
    reference_ok, reference_note = pytorch_reference(kit, pt)
    if not reference_ok:
        prow = None  # no kit ÷ PyTorch ratio against a reference that is not real
    batches = sorted({r["batch"] for r in rows})
    md = []
    md.append("## Distill4J benchmark\n")
    md.append(f"Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, {machine.get('memory_gb', '?')} GB; "
              f"{machine.get('os', '?')}. Threads: {machine.get('threads', '?')} on both sides "
              f"(DJL `ai.djl.pytorch.num_threads`, `torch.set_num_threads`; one inter-op thread; OMP_NUM_THREADS).  ")
    env = kit.get("environment", {})
    md.append(f"Kit: Java {env.get('java', '?')}, DJL {env.get('djl', '?')} with {env.get('engine', '?')}, device "
              f"{env.get('device', '?')}. PyTorch: " +
              (f"{pt['environment']['torch']} (Python {pt['environment']['python']})" if pt else
               f"not run ({machine.get('pytorch_skipped', 'absent')})") + ".  ")
    md.append(f"Load average before / after: {machine.get('load_before', '?')} / {machine.get('load_after', '?')}"
              + (" — **the machine was busy: timings are inflated and noisy**" if machine.get("busy") else "")
              + f". Run on {machine.get('date', '?')}, total {machine.get('total_s', '?')} s.\n")

    md.append("### Hardware bound\n")
    params = kit.get("parameters", {})
    g = kit.get("gemm", {})
    md.append(f"fp32 GEMM ({g.get('n', '?')}² matmul through DJL): **{num(gemm, '{:.1f}')} GFLOP/s**, the "
              f"{g.get('bound_rule', '?')} (medians {num(g.get('median_gflops'), '{:.1f}')} before, "
              f"{num(g.get('median_gflops_after'), '{:.1f}')} after; Debian's PyTorch: "
              f"{num((pt or {}).get('gemm', {}).get('median_gflops'), '{:.1f}')} median). Training FLOPs per sample ≈ 6 P for an MLP "
              f"of P parameters (forward 2 P, backward 4 P); a teacher run per batch adds its forward 2 P_t; inference 2 P. "
              f"Teacher P = {num(params.get('teacher'))}, student P = {num(params.get('student'))}. "
              f"Bound (samples/s) = GEMM FLOP/s ÷ FLOPs per sample.\n")

    md.append(("PyTorch reference: " if reference_ok else "**No kit ÷ PyTorch ratios:** ") + reference_note + "\n")
    md.append("### Throughput (samples/s; training: median epoch of 12,000 images after a warm-up epoch)\n")
    md.append("| workload | batch | kit | % of bound | PyTorch | kit ÷ PyTorch |")
    md.append("|---|---:|---:|---:|---:|---:|")
    ratios = {}
    for batch in batches:
        for w in TRAINING + ["teacher_inference", "student_inference"]:
            k = row(rows, w, batch)
            if not k:
                continue
            t = row(prow, w, batch)
            ratio = k["samples_per_s"] / t["samples_per_s"] if t else None
            if ratio is not None:
                ratios[f"{w}@{batch}"] = ratio
            md.append(f"| {LABELS[w]} | {batch} | {num(k['samples_per_s'])} | {pct(k.get('bound_fraction'))} | "
                      f"{num(t['samples_per_s']) if t else '–'} | {num(ratio, '{:.2f}×')} |")
    train_ratios = [v for k, v in ratios.items() if k.split("@")[0] in TRAINING]
    min_ratio = min(train_ratios) if train_ratios else None
    inference_ratios = [v for k, v in ratios.items() if k.split("@")[0] not in TRAINING]
    min_inference_ratio = min(inference_ratios) if inference_ratios else None
    teacher_ratio = ratios.get(f"teacher_train@{COURSE_BATCH}")

    def epoch_ratio(src, num_w, den_w, batch):
        n, d = row(src, num_w, batch), row(src, den_w, batch)
        return n["median_epoch_s"] / d["median_epoch_s"] if n and d else None

    md.append("")
    md.append("### Distillation overhead (epoch time ÷ the student's own epoch time, same data and batch)\n")
    md.append("| | batch | kit | PyTorch |")
    md.append("|---|---:|---:|---:|")
    pall = (pt or {}).get("throughput")  # epoch-time ratios within PyTorch are valid whatever its BLAS
    for batch in batches:
        md.append(f"| KD, cached teacher logits ÷ student | {batch} | "
                  f"{num(epoch_ratio(rows, 'kd_cached', 'student_train', batch), '{:.2f}×')} | "
                  f"{num(epoch_ratio(pall, 'kd_cached', 'student_train', batch), '{:.2f}×')} |")
        md.append(f"| KD, teacher per batch ÷ augmented student | {batch} | "
                  f"{num(epoch_ratio(rows, 'kd_per_batch', 'student_train_augmented', batch), '{:.2f}×')} | "
                  f"{num(epoch_ratio(pall, 'kd_per_batch', 'student_train_augmented', batch), '{:.2f}×')} |")
    md.append("\nThe cached logits cost one teacher pass over the training set before the first epoch (teacher inference "
              "above), not counted in the epoch times.\n")

    teacher = row(rows, "teacher_train", COURSE_BATCH)
    kd_ratio = epoch_ratio(rows, "kd_cached", "student_train", COURSE_BATCH)

    md.append("### Course timings\n")
    md.append(f"Kernel ready (launch → answers kernel_info, median of {kern.get('starts', '?')} fresh kernels): "
              f"**{num(kern.get('kernel_ready_s'), '{:.2f}')} s**; first cell using the library (loads Fashion-MNIST and "
              f"starts DJL's engine): **{num(kern.get('first_lib_cell_s'), '{:.2f}')} s** after ready.\n")
    if notebooks:
        md.append("| notebook | status | seconds | peak RSS (MB) |")
        md.append("|---|---|---:|---:|")
        for r in notebooks:
            md.append(f"| {r['notebook']} | {r['status']} | {r['seconds']} | {r['peak_rss_mb']} |")
        md.append("")
    else:
        md.append("Per-notebook times: no build/notebook-report.json yet — run `./kit test` (or `./kit run`) first, "
                  "then `./kit bench` again.\n")

    rc = kit.get("recipe", {})
    md.append(f"### Accuracy across seeds (test accuracy %, mean ± std; the course's recipe: teacher "
              f"{rc.get('teacher_epochs', '?')} epochs, students {rc.get('student_epochs', '?')} epochs, KD with T = "
              f"{rc.get('temperature', '?')}, α = {rc.get('alpha', '?')}; Adam 0.001, batch 128)\n")
    md.append("| data | implementation | teacher | scratch student | distilled student | seeds | wall |")
    md.append("|---|---|---:|---:|---:|---:|---:|")
    md += seeds_table(kit.get("seeds_subset"), (pt or {}).get("seeds_subset"))
    md += seeds_table(kit.get("seeds_full"), None)
    full = kit.get("seeds_full")
    if full and "skipped" in full:
        md.append(f"\nFull Fashion-MNIST: skipped ({full['skipped']})")
    agree = agreement(kit.get("seeds_subset"), (pt or {}).get("seeds_subset"))
    if agree:
        md.append("\nKit vs PyTorch, same recipe (agree when |Δ mean| ≤ max(1 pp, 2 standard errors of the difference)): "
                  + "; ".join(f"{k.replace('_', ' ')} Δ {100 * v['difference']:+.2f} pp "
                              f"({'agree' if v['agree'] else 'DISAGREE'})" for k, v in agree.items()) + ".")
    md.append("")

    mem = kit.get("memory")
    attr = kit.get("attributions")
    goals = [
        goal("teacher MLP training ≥ 70 % of the GEMM bound (batch 128)",
             teacher and teacher["bound_fraction"], 0.70, "higher", fmt="{:.2f}"),
        goal("KD with cached logits ≤ 1.10 × student epoch time (batch 128)", kd_ratio, 1.10, "lower", "×"),
        goal("kit ≥ 1.0 × PyTorch, teacher training (batch 128)", teacher_ratio, 1.0, "higher", "×"),
        goal("kit ≥ 1.0 × PyTorch on every inference workload (smallest ratio)", min_inference_ratio, 1.0, "higher", "×"),
        goal("kit ≥ 0.8 × PyTorch on every training workload (smallest ratio)", min_ratio, 0.8, "higher", "×"),
        goal("kernel ready ≤ 3 s", kern.get("kernel_ready_s"), 3.0, "lower", " s"),
        goal("first library cell ≤ 5 s after kernel ready", kern.get("first_lib_cell_s"), 5.0, "lower", " s"),
        goal("Integrated Gradients (32 steps), 100 images, teacher < 10 s (first call)",
             attr and attr["first_call_s"], 10.0, "lower", " s"),
        goal("RSS growth over 10 trainings in one JVM ≤ 10 % after run 2",
             mem and mem["growth_after_second"], 0.10, "lower", fmt="{:.3f}"),
    ]
    md.append("### Goals\n")
    md.append("| goal | measured | status |")
    md.append("|---|---:|---|")
    for g in goals:
        v = g["value"]
        shown = "–" if v is None else (f"{100 * v:.0f} %" if "bound" in g["goal"] or "RSS" in g["goal"] else f"{v:.2f}")
        md.append(f"| {g['goal']} | {shown} | {'✓ ' if g['met'] else ('✗ ' if g['met'] is False else '')}{g['text']} |")
    md.append("")
    if mem:
        md.append("Memory: RSS after each of 10 trainings (MB): " + ", ".join(f"{v:.0f}" for v in mem["rss_mb"]) + ".  ")
    if attr:
        md.append(f"Integrated Gradients: {attr['first_call_s']:.2f} s first call, {attr['second_call_s']:.2f} s second; "
                  f"largest completeness gap {100 * attr['max_relative_completeness_gap']:.2f} %.\n")
    prof = kit.get("profile")
    if prof:
        md.append("### Where a training step's time goes (kit, ms per batch; the Distiller's own loop, timed by a "
                  "listener at the end of each phase; second epoch)\n")
        md.append("| step | batch | data | forward | loss | backward | Adam step | metrics | total | epoch ÷ batches |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in prof:
            md.append(f"| {r['variant']} | {r['batch']} | " + " | ".join(
                f"{r.get(k + '_ms', float('nan')):.2f}" for k in ("data", "forward", "loss", "backward", "step", "metrics"))
                + f" | {r['total_ms']:.2f} | {r.get('epoch_ms_per_batch', float('nan')):.2f} |")
        md.append("")
    md.append("Reproduce: `./kit bench` (options: `./kit bench --help`). Parts: build/bench-kit.json, "
              "build/bench-pytorch.json, build/bench-kernel.json.")
    text = "\n".join(md) + "\n"

    result = {
        "gemm_gflops": gemm,
        "teacher_train_samples_per_s": teacher and teacher["samples_per_s"],
        "teacher_bound_fraction": teacher and teacher["bound_fraction"],
        "kd_cached_overhead_ratio": kd_ratio,
        "kit_vs_pytorch_min_ratio": min_ratio,
        "kit_vs_pytorch_teacher_ratio": teacher_ratio,
        "kit_vs_pytorch_min_inference_ratio": min_inference_ratio,
        "pytorch_reference_valid": reference_ok,
        "pytorch_reference_note": reference_note,
        "kernel_ready_s": kern.get("kernel_ready_s"),
        "first_lib_cell_s": kern.get("first_lib_cell_s"),
        "kd_per_batch_overhead_ratio": epoch_ratio(rows, "kd_per_batch", "student_train_augmented", COURSE_BATCH),
        "student_train_samples_per_s": (row(rows, "student_train", COURSE_BATCH) or {}).get("samples_per_s"),
        "integrated_gradients_100_images_s": attr and attr["first_call_s"],
        "rss_growth_after_second_run": mem and mem["growth_after_second"],
        "kit_vs_pytorch_ratios": ratios or None,
        "accuracy_agreement": agree,
        "goals": goals,
        "machine": machine,
        "kit": kit,
        "pytorch": pt,
        "kernel": kern,
        "notebooks": notebooks,
    }
    with open(os.path.join(a.dir, "bench.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(a.dir, "bench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
