"""End-to-end latency: from a candidate's last recorded answer to a ready report.

    python bench/bench_latency.py                    # 5 video answers of 60 s
    python bench/bench_latency.py --seconds 30 --answers 5 --concurrency 2

Runs the real stack on this machine: an embedded Redis, a Celery worker with
`--concurrency` processes (models loaded once per process, as in production),
SQLite and a media directory in a temporary folder. The candidate's side goes
through the app's own routes (consent, chunked upload, complete, finish), so
the upload check by content is included.

Two scenarios:
  paced  the candidate records one answer after another: each answer is analysed
         while the next one is being recorded (the next upload starts once the
         previous analysis is done, as it would be after a 60 s recording).
         The figure is the time from the end of the last recording (its upload
         starting) to the report being ready. Target: <= 15 s.
  burst  all answers arrive at once, then Finish: the worst case, bounded by
         throughput (answers analysed in parallel across the worker processes).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_media import OUT, build_video  # noqa: E402

from scripts import embedded_redis  # noqa: E402

QUESTION = "Tell me about a time you led a team to improve something that was not working ({n})."


def start_stack(tmp: Path, concurrency: int) -> tuple[dict[str, str], list[subprocess.Popen], Path]:
    redis_proc, port = embedded_redis.start(tmp / "redis", persist=False)
    env = {
        "APP_ENV": "bench",
        "SECRET_KEY": uuid.uuid4().hex,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "INSTANCE_PATH": str(tmp / "instance"),
        "MEDIA_ROOT": str(tmp / "media"),
        "MODEL_CACHE_DIR": os.environ.get("MODEL_CACHE_DIR") or str(ROOT / "instance" / "models"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    from flask_migrate import upgrade

    from webapp import create_app

    app = create_app()
    with app.app_context():
        upgrade()
    log = tmp / "worker.log"
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "wsgi.celery_app", "worker",
         "--queues=interview,analysis,profile", f"--concurrency={concurrency}", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--hostname=bench@%h"],
        cwd=ROOT, env={**os.environ, **env}, stdout=open(log, "ab"), stderr=subprocess.STDOUT,
    )
    # Ready when every process has loaded its models (worker_process_init).
    deadline = time.monotonic() + 300
    while len(re.findall(r"analysis models loaded", log.read_text(errors="replace"))) < concurrency:
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"worker did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    return env, [worker, redis_proc], log


def csrf_of(client, token: str) -> str:
    page = client.get(f"/i/{token}").get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def upload(client, token: str, csrf: str, question_id: int, data: bytes, chunk: int):
    """What static/recorder.js does: start, the chunks, complete."""
    headers = {"X-CSRFToken": csrf, "Accept": "application/json"}
    started = client.post(f"/i/{token}/uploads", json={"question_id": question_id, "size": len(data)},
                          headers=headers)
    upload_id = started.json["data"]["upload_id"]
    for index, offset in enumerate(range(0, len(data), chunk)):
        client.put(f"/i/{token}/uploads/{upload_id}/chunks/{index}?offset={offset}",
                   data=data[offset : offset + chunk], headers={**headers, "Content-Type": "application/octet-stream"})
    return client.post(f"/i/{token}/uploads/{upload_id}/complete", json={"size": len(data)}, headers=headers)


def run_interview(app, video: bytes, answers: int, paced: bool) -> dict[str, float]:
    from webapp.extensions import db
    from webapp.models import TaskRecord
    from webapp.services import sessions as session_service
    from webapp.services import task_records as records
    from webapp.services.positions import PositionInput, QuestionInput, create_position
    from webapp.tasks import names

    questions = [QuestionInput(text=QUESTION.format(n=i + 1), kind="behavioural") for i in range(answers)]
    position = create_position(PositionInput(title="Bench", questions=questions))
    session = session_service.invite(position, candidate_name="Bench Candidate", candidate_email=None)
    client = app.test_client()
    csrf = csrf_of(client, session.token)
    client.post(f"/i/{session.token}/consent", data={"agree": "yes", "csrf_token": csrf})

    def wait(kind: str, subject_type: str, subject_id: int, timeout: float = 600) -> TaskRecord:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            db.session.expire_all()
            record = records.latest_record(kind, subject_type, subject_id)
            if record is not None and record.state in ("succeeded", "failed", "cancelled"):
                return record
            time.sleep(0.05)
        raise SystemExit(f"{kind} {subject_id} not finished after {timeout} s")

    upload_s = []
    last_started = 0.0
    for i, question_id in enumerate(session.question_ids):
        last_started = time.perf_counter()
        response = upload(client, session.token, csrf, question_id, video, 2 * 1024 * 1024)
        upload_s.append(time.perf_counter() - last_started)
        assert response.status_code == 201, response.get_data(as_text=True)
        if paced and i < answers - 1:
            wait(names.KIND_ANSWER_ANALYSIS, "answer", response.json["data"]["answer_id"])
    finished = client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf})
    assert finished.status_code == 302
    report = wait(names.KIND_INTERVIEW_REPORT, "session", session.id)
    ready = time.perf_counter()
    assert report.state == "succeeded", report.error
    analyses = [r for r in db.session.query(TaskRecord).filter(TaskRecord.kind == names.KIND_ANSWER_ANALYSIS)
                if r.subject_id in {a.id for a in session.answers}]
    runs = [(r.finished_at - r.started_at).total_seconds() for r in analyses if r.started_at and r.finished_at]
    return {
        "latency": ready - last_started,
        "upload": upload_s[-1],
        "analysis_mean": sum(runs) / len(runs),
        "analysis_max": max(runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each video answer (<= 60)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--skip-burst", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    video_path = build_video(OUT / "answer_60s_av.webm")
    if args.seconds < 60:
        video_path = trim(video_path, OUT / f"answer_{args.seconds:.0f}s_av.webm", args.seconds)
    video = video_path.read_bytes()

    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        env, procs, log = start_stack(Path(tmp), args.concurrency)
        try:
            from webapp import create_app

            app = create_app()
            print(f"cpu cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; worker processes: "
                  f"{args.concurrency}; {args.answers} video answers of {args.seconds:.0f} s "
                  f"({len(video) / 1e6:.1f} MB, WebM VP8 640x480 + Opus)")
            scenarios = [("paced", True)] + ([] if args.skip_burst else [("burst", False)])
            for name, paced in scenarios:
                with app.app_context():
                    r = run_interview(app, video, args.answers, paced)
                print(f"  {name:<5}  last answer -> report ready: {r['latency']:5.1f} s  "
                      f"(upload + check {r['upload']:.1f} s; per-answer analysis mean {r['analysis_mean']:.1f} s, "
                      f"max {r['analysis_max']:.1f} s)")
            print("  target (paced): report ready <= 15 s after the last answer")
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()


def trim(source: Path, target: Path, seconds: float) -> Path:
    """The first `seconds` of the 60 s answer, re-muxed without re-encoding."""
    import av

    if target.exists():
        return target
    with av.open(str(source)) as src, av.open(str(target), "w", format="webm") as out:
        streams = {s.index: out.add_stream_from_template(s) for s in src.streams if s.type in ("audio", "video")}
        for packet in src.demux(list(src.streams)):
            if packet.dts is None or packet.stream.index not in streams:
                continue
            if packet.pts is not None and float(packet.pts * packet.time_base) > seconds:
                continue
            packet.stream = streams[packet.stream.index]
            out.mux(packet)
    return target


if __name__ == "__main__":
    main()
