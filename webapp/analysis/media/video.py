"""Summarise sampled video frames: presence, framing, eye contact, movement, smiling.

Frames are measured one at a time as they are decoded, so memory stays flat
however long the answer is. When too few frames show a trackable face the
result says "insufficient face data" and leaves the face metrics empty:
missing data must never read as a low score.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .decode import iter_video_frames
from .face import FaceMeasure, FaceSession
from .serial import Record
from .settings import MediaSettings
from .vad import Span

OK = "ok"
NO_VIDEO = "no_video"
INSUFFICIENT = "insufficient_face_data"

MIN_FACE_FRAMES = 10
MIN_PRESENCE = 0.3
MIN_SPAN_S = 0.5
# Framing: face centre within this of the middle horizontally, and in this vertical band.
CENTRE_DX = 0.2
CENTRE_Y = (0.12, 0.7)
# Face width over frame width.
TOO_FAR, TOO_CLOSE = 0.12, 0.55
# Eye contact, against the candidate's own baseline.
LOOK_YAW, LOOK_PITCH, LOOK_GAZE = 15.0, 12.0, 0.12
TURNED_YAW, TURNED_PITCH = 25.0, 20.0
# Smiling: mouth corners lifted above the lip centre and a widened mouth (uncalibrated
# beyond one photo; reported as a share with its thresholds, never scored alone).
SMILE_LIFT, SMILE_WIDTH = 0.03, 0.6
DARK = 0.15


@dataclass(frozen=True)
class HeadMovement(Record):
    yaw_std_deg: float
    pitch_std_deg: float
    roll_std_deg: float
    median_speed_deg_s: float  # frame-to-frame change of head angles
    turned_away_share: float  # face frames turned > 25 deg (yaw) or > 20 deg (pitch) off baseline


@dataclass(frozen=True)
class VideoAnalysis(Record):
    status: str  # "ok", "insufficient_face_data" or "no_video"
    message: str
    fps: float
    frames: int
    face_frames: int
    duration_s: float
    presence_share: float
    no_face_spans: tuple[Span, ...]
    median_brightness: float
    reasons: tuple[str, ...] = ()
    # Everything below is None unless status is "ok"; shares are of face frames.
    centred_share: float | None = None
    median_offset_x: float | None = None  # face centre minus frame centre, fraction of width
    median_face_y: float | None = None  # face centre from the top, fraction of height
    median_face_width: float | None = None
    distance: str | None = None  # "too_far", "ok" or "too_close"
    too_far_share: float | None = None
    too_close_share: float | None = None
    looking_share: float | None = None
    looking_away_spans: tuple[Span, ...] = ()
    baseline_yaw: float | None = None
    baseline_pitch: float | None = None
    movement: HeadMovement | None = None
    smiling_share: float | None = None


def spans_where(times: Sequence[float], flags: Sequence[bool], step: float) -> tuple[Span, ...]:
    """Runs of consecutive flagged samples as spans [first, last + step], at least MIN_SPAN_S."""
    spans = []
    start = None
    last = None
    for t, flag in zip(times, flags):
        if flag and start is None:
            start = t
        if not flag and start is not None:
            spans.append(Span(round(start, 2), round(last + step, 2)))
            start = None
        last = t
    if start is not None:
        spans.append(Span(round(start, 2), round(last + step, 2)))
    return tuple(s for s in spans if s.duration >= MIN_SPAN_S - 1e-6)


def _share(flags) -> float:
    flags = list(flags)
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def analyse_frames(measures: Sequence[FaceMeasure], fps: float) -> VideoAnalysis:
    step = 1.0 / fps
    n = len(measures)
    if not n:
        return VideoAnalysis(NO_VIDEO, "no video", fps, 0, 0, 0.0, 0.0, (), 0.0)
    times = [m.t for m in measures]
    faces = [m for m in measures if m.face]
    presence = len(faces) / n
    brightness = float(np.median([m.brightness for m in measures]))
    common = dict(
        fps=fps,
        frames=n,
        face_frames=len(faces),
        duration_s=round(times[-1] + step, 2),
        presence_share=round(presence, 4),
        no_face_spans=spans_where(times, [not m.face for m in measures], step),
        median_brightness=round(brightness, 3),
    )
    if len(faces) < MIN_FACE_FRAMES or presence < MIN_PRESENCE:
        reasons = [f"a face was found in {len(faces)} of {n} frames"]
        if brightness < DARK:
            reasons.append(f"the picture is very dark (brightness {brightness:.0%})")
        widths = [m.width for m in faces]
        if widths and np.median(widths) < TOO_FAR:
            reasons.append("the face is small in the picture: the camera may be too far")
        return VideoAnalysis(INSUFFICIENT, "insufficient face data", reasons=tuple(reasons), **common)

    cx = np.array([m.cx for m in faces])
    cy = np.array([m.cy for m in faces])
    width = np.array([m.width for m in faces])
    centred = (np.abs(cx - 0.5) <= CENTRE_DX) & (cy >= CENTRE_Y[0]) & (cy <= CENTRE_Y[1])
    median_width = float(np.median(width))
    distance = "too_far" if median_width < TOO_FAR else "too_close" if median_width > TOO_CLOSE else "ok"

    posed = [m for m in faces if m.yaw is not None and m.pitch is not None]
    looking, baseline_yaw, baseline_pitch, movement = _gaze_and_movement(posed)
    look_flags = {m.t: flag for m, flag in zip(posed, looking)}
    away = spans_where(times, [m.face and not look_flags.get(m.t, True) for m in measures], step)
    smiling = [
        m.lift is not None and m.smile is not None and m.lift >= SMILE_LIFT and m.smile >= SMILE_WIDTH
        for m in faces
    ]
    reasons = []
    if brightness < DARK:
        reasons.append(f"the picture is dark (brightness {brightness:.0%})")
    return VideoAnalysis(
        OK,
        "face tracked",
        reasons=tuple(reasons),
        centred_share=round(float(centred.mean()), 4),
        median_offset_x=round(float(np.median(cx - 0.5)), 3),
        median_face_y=round(float(np.median(cy)), 3),
        median_face_width=round(median_width, 3),
        distance=distance,
        too_far_share=round(float((width < TOO_FAR).mean()), 4),
        too_close_share=round(float((width > TOO_CLOSE).mean()), 4),
        looking_share=_share(looking) if posed else None,
        looking_away_spans=away,
        baseline_yaw=baseline_yaw,
        baseline_pitch=baseline_pitch,
        movement=movement,
        smiling_share=_share(smiling),
        **common,
    )


def _gaze_and_movement(posed: Sequence[FaceMeasure]):
    if not posed:
        return [], None, None, None
    yaw = np.array([m.yaw for m in posed])
    pitch = np.array([m.pitch for m in posed])
    roll = np.array([m.roll for m in posed])
    gaze = np.array([m.gaze_x if m.gaze_x is not None else 0.5 for m in posed])
    # Baseline: the frames most likely to face the camera (iris centred, head not
    # turned); absolute pitch from a generic head model is biased, so only the
    # candidate's own typical pose can say what "towards the camera" is.
    frontal = (np.abs(gaze - 0.5) <= 0.1) & (np.abs(yaw) <= 20)
    base = frontal if frontal.sum() >= 5 else np.ones(len(posed), dtype=bool)
    by, bp, br = (float(np.median(a[base])) for a in (yaw, pitch, roll))
    dy, dp, dr = yaw - by, pitch - bp, roll - br
    looking = (
        (np.abs(dy) <= LOOK_YAW) & (np.abs(dp) <= LOOK_PITCH) & (np.abs(gaze - 0.5) <= LOOK_GAZE)
    )
    t = np.array([m.t for m in posed])
    if len(posed) > 1:
        dt = np.maximum(np.diff(t), 1e-3)
        speed = np.sqrt(np.diff(yaw) ** 2 + np.diff(pitch) ** 2 + np.diff(roll) ** 2) / dt
        median_speed = float(np.median(speed))
    else:
        median_speed = 0.0
    movement = HeadMovement(
        yaw_std_deg=round(float(np.std(dy)), 2),
        pitch_std_deg=round(float(np.std(dp)), 2),
        roll_std_deg=round(float(np.std(dr)), 2),
        median_speed_deg_s=round(median_speed, 2),
        turned_away_share=round(float(((np.abs(dy) > TURNED_YAW) | (np.abs(dp) > TURNED_PITCH)).mean()), 4),
    )
    return looking.tolist(), round(by, 1), round(bp, 1), movement


def measure_video(
    path: str | os.PathLike,
    settings: MediaSettings | None = None,
    *,
    on_frame: Callable[[float], None] | None = None,
) -> list[FaceMeasure]:
    """Decode and measure sampled frames, streaming (only small measures are kept)."""
    settings = settings or MediaSettings()
    measures = []
    frames: Iterable = iter_video_frames(
        path, fps=settings.video_fps, max_side=settings.frame_max_side, max_seconds=settings.max_seconds
    )
    with FaceSession() as session:
        for frame in frames:
            measures.append(session.measure(frame.t, frame.rgb))
            if on_frame:
                on_frame(frame.t)
    return measures


def analyse_video(path: str | os.PathLike, settings: MediaSettings | None = None) -> VideoAnalysis:
    settings = settings or MediaSettings()
    return analyse_frames(measure_video(path, settings), settings.video_fps)
