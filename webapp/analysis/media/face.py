"""Per-frame face measurements with MediaPipe Face Mesh (iris landmarks on).

One tracker per process (`face_tracker()`), reset at the start of every video
so tracking state never leaks from one candidate to the next. Angles come from
solvePnP on six landmarks against a generic head model: roll is reliable,
absolute pitch is biased by tens of degrees, so callers compare head pose with
the candidate's own baseline, never with zero.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

import numpy as np

# Generic head model (mm) for nose tip, chin, eye outer corners, mouth corners.
_MODEL_3D = np.array(
    [
        (0.0, 0.0, 0.0),
        (0.0, -330.0, -65.0),
        (-225.0, 170.0, -135.0),
        (225.0, 170.0, -135.0),
        (-150.0, -150.0, -125.0),
        (150.0, -150.0, -125.0),
    ],
    dtype=np.float64,
)
_POSE_IDS = [1, 152, 33, 263, 61, 291]
# Eye corners and lids per eye, and iris centres (468 and 473 with refine_landmarks).
_EYES = (
    {"outer": 33, "inner": 133, "top": 159, "bottom": 145},
    {"outer": 263, "inner": 362, "top": 386, "bottom": 374},
)
_IRIS = (468, 473)
_MOUTH_LEFT, _MOUTH_RIGHT, _LIP_TOP, _LIP_BOTTOM = 61, 291, 13, 14
_FOREHEAD, _CHIN = 10, 152

_lock = threading.Lock()


@dataclass(frozen=True)
class FaceMeasure:
    """What one sampled frame shows. Not stored: summarised by video.analyse_frames."""

    t: float
    brightness: float  # mean luma 0..1 of the whole frame
    face: bool
    cx: float | None = None  # face box centre, fraction of frame width/height
    cy: float | None = None
    width: float | None = None  # face box width over frame width
    yaw: float | None = None  # degrees
    pitch: float | None = None
    roll: float | None = None
    gaze_x: float | None = None  # iris position across the eye, 0.5 = centred
    gaze_y: float | None = None
    smile: float | None = None  # mouth width over eye-corner distance
    lift: float | None = None  # mouth-corner lift over face height (positive = up)


@cache
def face_tracker():
    import cv2
    import mediapipe as mp

    cv2.setNumThreads(1)
    return mp.solutions.face_mesh.FaceMesh(
        static_image_mode=False,
        max_num_faces=1,
        refine_landmarks=True,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )


class FaceSession:
    """Exclusive use of the process's tracker for one video."""

    def __enter__(self) -> FaceSession:
        _lock.acquire()
        self.tracker = face_tracker()
        self.tracker.reset()
        return self

    def __exit__(self, *exc) -> None:
        _lock.release()

    def measure(self, t: float, rgb: np.ndarray) -> FaceMeasure:
        brightness = float(
            np.mean(rgb[::4, ::4] @ np.array([0.299, 0.587, 0.114])) / 255.0
        )
        result = self.tracker.process(rgb)
        if not result.multi_face_landmarks:
            return FaceMeasure(t=t, brightness=round(brightness, 3), face=False)
        h, w = rgb.shape[:2]
        lm = result.multi_face_landmarks[0].landmark
        pts = np.array([(p.x, p.y) for p in lm], dtype=np.float64)
        return measure_landmarks(t, round(brightness, 3), pts, w, h)


def measure_landmarks(t: float, brightness: float, pts: np.ndarray, w: int, h: int) -> FaceMeasure:
    """Geometry from normalised (x, y) landmarks."""
    import cv2

    xs, ys = pts[:468, 0], pts[:468, 1]
    x0, x1 = float(np.clip(xs.min(), 0, 1)), float(np.clip(xs.max(), 0, 1))
    y0, y1 = float(np.clip(ys.min(), 0, 1)), float(np.clip(ys.max(), 0, 1))
    px = pts * np.array([w, h])

    camera = np.array([[w, 0, w / 2], [0, w, h / 2], [0, 0, 1]], dtype=np.float64)
    ok, rvec, _tvec = cv2.solvePnP(
        _MODEL_3D, px[_POSE_IDS], camera, np.zeros(4), flags=cv2.SOLVEPNP_ITERATIVE
    )
    yaw = pitch = roll = None
    if ok:
        rot, _ = cv2.Rodrigues(rvec)
        angles, *_ = cv2.RQDecomp3x3(rot)
        pitch, yaw, roll = (float(a) for a in angles)
        # RQDecomp3x3 reports pitch near +/-180 for an upright face; fold it.
        pitch = (pitch + 360) % 360 - 180 if abs(pitch) > 90 else pitch

    gx, gy = [], []
    for eye in _EYES:
        outer, inner = px[eye["outer"]], px[eye["inner"]]
        centre = (outer + inner) / 2
        iris = min((px[i] for i in _IRIS), key=lambda p: np.linalg.norm(p - centre))
        span = inner[0] - outer[0]
        if abs(span) > 1e-6:
            # 0 at the outer corner, 1 at the inner one; mirror so 0 = image left.
            ratio = (iris[0] - outer[0]) / span
            gx.append(ratio if span > 0 else 1 - ratio)
        top, bottom = px[eye["top"]], px[eye["bottom"]]
        if bottom[1] - top[1] > 1e-6:
            gy.append((iris[1] - top[1]) / (bottom[1] - top[1]))

    eye_dist = np.linalg.norm(px[33] - px[263])
    mouth = np.linalg.norm(px[_MOUTH_LEFT] - px[_MOUTH_RIGHT])
    face_h = np.linalg.norm(px[_FOREHEAD] - px[_CHIN])
    centre_y = (px[_LIP_TOP][1] + px[_LIP_BOTTOM][1]) / 2
    lift = (centre_y - (px[_MOUTH_LEFT][1] + px[_MOUTH_RIGHT][1]) / 2) / face_h if face_h else None
    return FaceMeasure(
        t=t,
        brightness=brightness,
        face=True,
        cx=round((x0 + x1) / 2, 4),
        cy=round((y0 + y1) / 2, 4),
        width=round(x1 - x0, 4),
        yaw=None if yaw is None else round(yaw, 2),
        pitch=None if pitch is None else round(pitch, 2),
        roll=None if roll is None else round(roll, 2),
        gaze_x=round(float(np.mean(gx)), 4) if gx else None,
        gaze_y=round(float(np.mean(gy)), 4) if gy else None,
        smile=round(float(mouth / eye_dist), 4) if eye_dist else None,
        lift=None if lift is None else round(float(lift), 4),
    )
