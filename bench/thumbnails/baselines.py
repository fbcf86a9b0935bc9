#!/usr/bin/python3
"""The baselines of the thumbnail benchmark, on the same photos and the same work as EngineBench:
a preview that fits 1600x1600 and a grid thumbnail that fits 400x400 of each photo, JPEG quality 85.

  pil            PIL's Image.thumbnail() (python3-pil), what the original app used: draft-mode JPEG
                 decoding, EXIF orientation applied to the result; threads share one process.
  vipsthumbnail  libvips-tools' vipsthumbnail, one long-lived process per worker for the previews and
                 one for the grid thumbnails made from them (VIPS_CONCURRENCY=1, as the engine runs).

Prints `name threads images/s cpu-s/image` (medians of the trials), and PIL's peak RSS (the whole
Python process, photos included; a child's figure would inherit this process's through fork).
Usage: baselines.py ROUNDS TRIALS PHOTO...
"""
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageOps


def pil_thumbnails(data):
    image = Image.open(io.BytesIO(data))
    image.thumbnail((1600, 1600))
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    preview = io.BytesIO()
    image.save(preview, "JPEG", quality=85, optimize=True)
    grid = image.copy()
    grid.thumbnail((400, 400))
    out = io.BytesIO()
    grid.save(out, "JPEG", quality=85, optimize=True)
    return preview.getbuffer().nbytes, out.getbuffer().nbytes


def pil_run(photos, rounds, threads):
    images = [photos[i % len(photos)] for i in range(len(photos) * rounds)]
    cpu, wall = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(pil_thumbnails, images))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(images) / wall, cpu / len(images)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def vipsthumbnail_worker(paths, out):
    env = dict(os.environ, VIPS_CONCURRENCY="1")
    subprocess.run(["vipsthumbnail", "--size", "1600x1600>", "-o", out + "/%s-preview.jpg[Q=85,strip,optimize_coding]", *paths],
                   check=True, env=env)
    previews = [out + "/" + os.path.splitext(os.path.basename(p))[0] + "-preview.jpg" for p in paths]
    subprocess.run(["vipsthumbnail", "--size", "400x400>", "-o", out + "/%s-grid.jpg[Q=85,strip,optimize_coding]", *previews],
                   check=True, env=env)


def vipsthumbnail_run(paths, rounds, threads):
    images = [paths[i % len(paths)] for i in range(len(paths) * rounds)]
    shares = [images[worker::threads] for worker in range(threads)]
    with tempfile.TemporaryDirectory() as out:
        outs = [out + "/" + str(worker) for worker in range(threads)]
        for folder in outs:
            os.mkdir(folder)
        cpu, wall = children_cpu(), time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(vipsthumbnail_worker, shares, outs))
        wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    return len(images) / wall, cpu / len(images)


def main():
    rounds, trials, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    photos = [open(path, "rb").read() for path in paths]
    pil_run(photos, 1, 1)
    for threads in (1, 2):
        results = [pil_run(photos, rounds, threads) for _ in range(trials)]
        print("pil\t%d\t%.3f\t%.4f" % (threads, statistics.median(r[0] for r in results),
                                       statistics.median(r[1] for r in results)), flush=True)
    print("pil\tpeak-rss-mb\t%d" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024), flush=True)
    vipsthumbnail_run(paths, 1, 1)
    for threads in (1, 2):
        results = [vipsthumbnail_run(paths, rounds, threads) for _ in range(trials)]
        print("vipsthumbnail\t%d\t%.3f\t%.4f" % (threads, statistics.median(r[0] for r in results),
                                                 statistics.median(r[1] for r in results)), flush=True)


if __name__ == "__main__":
    main()
