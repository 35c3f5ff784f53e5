"""Benchmark of the media pipeline on 60-second answers built from the test recordings.

    python bench/bench_media.py            # speed per step, peak memory, 1 vs 2 workers
    python bench/bench_media.py --beams    # also: English beam 1 vs 5, speed against WER

Prints, for a 60 s audio-only answer (WebM/Opus) and a 60 s audio+video answer
(WebM VP8 640x480 15 fps + Opus, like MediaRecorder): seconds of analysis per
minute of media for each step (the content analysis of the transcript included,
as the worker runs it), measured in a fresh process pinned to one core; the
peak RSS of that process, which loads every model a worker loads; the wall time
of one video answer when the process may use both cores (face tracking runs
beside the transcription); and throughput with 1 and 2 worker processes, each
loading the models once. Targets: audio+video <= 0.25 x real time on one core
(15 s per minute), <= 1 GB per process.

Models are assembled under MODEL_CACHE_DIR (default instance/models), as in the app.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import os
import resource
import sys
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp.analysis import content  # noqa: E402
from webapp.analysis.media import MediaSettings, analyse_media, decode_audio, warm_up  # noqa: E402
from webapp.analysis.media.wer import word_error_rate  # noqa: E402
from webapp.analysis.question_bank import QuestionSpec  # noqa: E402
from webapp.config import load_config  # noqa: E402

DATA = ROOT / "tests" / "data" / "media"
OUT = ROOT / ".bench"
SECONDS = 60.0
RATE = 48_000


QUESTION = QuestionSpec(
    text="Tell me about a time you led a team to improve something that was not working.",
    kind="behavioural",
    expected_points=("Describes the situation", "Explains own actions", "States the outcome"),
)
TRACK = ("en_opus_live.webm", "en_fill_live.webm", "en_opus_live.webm")
TRACK_TEXT = ("answer_en.txt", "answer_fill.txt", "answer_en.txt")


def speech_track(seconds: float) -> np.ndarray:
    """Three whole answers read one after another (58 s), then silence up to `seconds`."""
    gap = np.zeros(int(0.8 * RATE), dtype=np.float32)
    parts = []
    for name in TRACK:
        parts += [decode_audio(DATA / name, sample_rate=RATE).samples, gap]
    track = np.concatenate(parts)[: int(seconds * RATE)]
    return np.pad(track, (0, int(seconds * RATE) - len(track)))


def track_reference() -> str:
    return " ".join((DATA / name).read_text() for name in TRACK_TEXT)


def _encode_audio(box, stream, pcm: np.ndarray) -> None:
    hop = 960
    for i in range(0, len(pcm), hop):
        frame = av.AudioFrame.from_ndarray(pcm[None, i : i + hop], format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, i, Fraction(1, RATE)
        for packet in stream.encode(frame):
            box.mux(packet)
    for packet in stream.encode(None):
        box.mux(packet)


def build_audio(path: Path) -> Path:
    if not path.exists():
        with av.open(str(path), "w", format="webm") as box:
            stream = box.add_stream("libopus", rate=RATE, layout="mono")
            _encode_audio(box, stream, speech_track(SECONDS))
    return path


def build_video(path: Path) -> Path:
    """Loop the face video (VP8 640x480, 15 fps) to 60 s with the speech track."""
    if path.exists():
        return path
    fps = 15
    with av.open(str(path), "w", format="webm") as box:
        vstream = box.add_stream("libvpx", rate=fps)
        vstream.width, vstream.height, vstream.pix_fmt = 640, 480, "yuv420p"
        vstream.options = {"deadline": "realtime", "cpu-used": "8"}
        vstream.bit_rate = 800_000
        astream = box.add_stream("libopus", rate=RATE, layout="mono")
        n = 0
        while n < SECONDS * fps:
            with av.open(str(DATA / "face_vp8_live.webm")) as src:
                for frame in src.decode(video=0):
                    if n >= SECONDS * fps:
                        break
                    out = frame.reformat(format="yuv420p")
                    out.pts, out.time_base = n, Fraction(1, fps)
                    for packet in vstream.encode(out):
                        box.mux(packet)
                    n += 1
        for packet in vstream.encode(None):
            box.mux(packet)
        _encode_audio(box, astream, speech_track(SECONDS))
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def analyse_answer(path: str, settings: MediaSettings) -> tuple:
    """What the worker's task computes: the media pipeline, then the transcript's content."""
    result = analyse_media(path, language="en", settings=settings)
    t0 = time.perf_counter()
    if result.speech.transcript is not None:
        content.analyse_content(QUESTION, result.speech.transcript.text)
    return result, time.perf_counter() - t0


def load_models(settings: MediaSettings) -> None:
    content.warm_up()
    warm_up(settings)


def _profile(path: str, settings: dict, cores: set[int], queue) -> None:
    """Fresh process: load every model a worker loads, analyse once, report steps and memory."""
    os.sched_setaffinity(0, cores)
    settings = MediaSettings.from_dict(settings)
    t0 = time.perf_counter()
    load_models(settings)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    result, content_s = analyse_answer(path, settings)
    total = time.perf_counter() - t0
    text = result.speech.transcript.text if result.speech.transcript else ""
    queue.put({"load": load, "total": total, "cpu": time.process_time() - cpu0,
               "steps": {**result.timings, "Content": round(content_s, 3)}, "duration": result.duration_s,
               "rss": peak_rss_mb(), "words": result.speech.rate.count if result.speech.rate else 0,
               "wer": word_error_rate(track_reference(), text),
               "fillers": result.speech.fillers.count if result.speech.fillers else 0})


def _worker(paths: list[str], settings: dict, barrier, queue) -> None:
    settings = MediaSettings.from_dict(settings)
    load_models(settings)
    barrier.wait()
    times = []
    for path in paths:
        t0 = time.perf_counter()
        analyse_answer(path, settings)
        times.append(time.perf_counter() - t0)
    queue.put({"times": times, "rss": peak_rss_mb()})


def profile(path: Path, settings: MediaSettings, cores: set[int] | None = None) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    cores = cores or {sorted(os.sched_getaffinity(0))[0]}
    proc = ctx.Process(target=_profile, args=(str(path), settings.to_dict(), cores, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def throughput(path: Path, settings: MediaSettings, workers: int, jobs_each: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    barrier = ctx.Barrier(workers + 1)
    procs = [
        ctx.Process(target=_worker, args=([str(path)] * jobs_each, settings.to_dict(), barrier, queue))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    barrier.wait()
    t0 = time.perf_counter()
    results = [queue.get() for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    jobs = workers * jobs_each
    return {
        "wall": wall,
        "media_min_per_min": jobs * SECONDS / wall,
        "latency": float(np.mean([t for r in results for t in r["times"]])),
        "rss": max(r["rss"] for r in results),
    }


def beams(settings: MediaSettings) -> None:
    """English: speed and WER of tiny.en with beam 1 and beam 5."""
    from webapp.analysis.media import detect_speech, transcribe

    reference = (DATA / "answer_en.txt").read_text()
    long_audio = decode_audio(build_audio(OUT / "answer_60s_audio.webm"))
    long_segments = detect_speech(long_audio)
    print("\nEnglish transcription, Whisper tiny.en int8, 1 thread")
    print(f"{'beam':>4}  {'WER en_clean':>12}  {'WER en_opus_live':>16}  {'WER 60 s':>8}  {'s per minute (60 s)':>19}")
    for beam in (1, 5):
        s = MediaSettings(**{**settings.to_dict(), "english_beam_size": beam})
        wers = []
        for name in ("en_clean.wav", "en_opus_live.webm"):
            audio = decode_audio(DATA / name)
            wers.append(word_error_rate(reference, transcribe(audio, detect_speech(audio), language="en", settings=s).text))
        t0 = time.perf_counter()
        long_text = transcribe(long_audio, long_segments, language="en", settings=s).text
        per_min = (time.perf_counter() - t0) * 60 / long_audio.duration_s
        long_wer = word_error_rate(track_reference(), long_text)
        print(f"{beam:>4}  {wers[0]:>12.3f}  {wers[1]:>16.3f}  {long_wer:>8.3f}  {per_min:>19.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beams", action="store_true", help="also compare English beam sizes")
    parser.add_argument("--jobs", type=int, default=2, help="answers per worker in the throughput run")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    settings = dataclasses.replace(MediaSettings.from_env(), model_dir=load_config()["MODEL_CACHE_DIR"])
    audio = build_audio(OUT / "answer_60s_audio.webm")
    video = build_video(OUT / "answer_60s_av.webm")
    print(f"cpu cores: {os.cpu_count()} (load average {os.getloadavg()[0]:.1f}), threads per process: {settings.cpu_threads}, "
          f"video sampled at {settings.video_fps} fps, frames <= {settings.frame_max_side} px")

    for label, path in (("audio only", audio), ("audio+video", video)):
        r = profile(path, settings)
        scale = 60.0 / r["duration"]
        print(f"\n{label}: {path.name}, {r['duration']:.1f} s, {r['words']} words, WER {r['wer']:.3f}, "
              f"{r['fillers']} fillers (7 read); one process pinned to one core")
        print(f"  model load + verify (once per process): {r['load']:.2f} s")
        for step, seconds in r["steps"].items():
            print(f"  {step:<18} {seconds * scale:6.2f} s per minute")
        print(f"  {'total':<18} {r['total'] * scale:6.2f} s per minute  = {r['total'] / r['duration']:.3f} x real time")
        print(f"  peak RSS {r['rss']:.0f} MB (every model a worker process loads)")

    cores = os.sched_getaffinity(0)
    if len(cores) > 1 and settings.parallel_video:
        r = profile(video, settings, cores)
        print(f"\naudio+video, one process allowed {len(cores)} cores (face tracking beside transcription): "
              f"{r['total']:.1f} s wall, {r['cpu']:.1f} s CPU for {r['duration']:.0f} s "
              f"(load average {os.getloadavg()[0]:.1f})")

    print("\nthroughput, audio+video answers, models loaded once per worker")
    for workers in (1, 2):
        t = throughput(video, settings, workers, args.jobs)
        print(f"  {workers} worker(s): {t['media_min_per_min']:.2f} media-minutes per minute, "
              f"{t['latency']:.1f} s per 60 s answer, peak RSS per process {t['rss']:.0f} MB")

    if args.beams:
        beams(settings)


if __name__ == "__main__":
    main()
