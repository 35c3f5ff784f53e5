"""Recognise an uploaded recording by its content, never by its name or MIME type.

`probe_media` reads the first bytes to find the container, opens it with
FFmpeg (through PyAV), demuxes the whole file to notice truncation, and decodes
the first frames of every stream. Anything that fails raises `MediaError`,
whose text can be shown to the candidate as is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import av
import av.logging

from .serial import Record

# How many packets per stream probe_media decodes to prove the stream plays.
_PROBE_PACKETS = 12


class MediaError(ValueError):
    """The upload cannot be analysed. `str(err)` is a short sentence for the candidate."""

    EMPTY = "empty"
    NOT_MEDIA = "not_media"
    DAMAGED = "damaged"
    TOO_LONG = "too_long"

    MESSAGES = {
        EMPTY: "The file is empty.",
        NOT_MEDIA: "This is not an audio or video recording.",
        DAMAGED: "The recording is damaged and cannot be played.",
        TOO_LONG: "The recording is too long.",
    }

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(self.MESSAGES[code])
        self.code = code
        self.detail = detail  # for the operators' log, not for the candidate


@dataclass(frozen=True)
class MediaInfo(Record):
    container: str  # from magic bytes: webm, matroska, mp4, ogg, wav, mp3, flac
    format_name: str  # FFmpeg demuxer that opened it
    size_bytes: int
    has_audio: bool
    has_video: bool
    audio_codec: str | None = None
    video_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    # Container metadata, informational only: live MediaRecorder WebM has none.
    # The analysed duration always comes from the decoded samples.
    declared_duration_s: float | None = None


def sniff_container(head: bytes) -> str | None:
    """Name the container from its first bytes, or None when it is not one we accept."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML
        return "webm" if b"webm" in head[:64] else "matroska"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mp4"  # also MOV/3GP/M4A: all ISO base media files
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def open_container(path: str | os.PathLike) -> av.container.InputContainer:
    """av.open that turns every failure into MediaError (corrupt headers raise odd errors)."""
    try:
        return av.open(str(path), mode="r", metadata_errors="ignore")
    except Exception as exc:  # noqa: BLE001 - FFmpeg and PyAV raise many kinds
        raise MediaError(MediaError.DAMAGED, f"open failed: {type(exc).__name__}: {exc}") from exc


def probe_media(path: str | os.PathLike) -> MediaInfo:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(MediaError.EMPTY, f"cannot stat: {exc}") from exc
    if size == 0:
        raise MediaError(MediaError.EMPTY)
    with path.open("rb") as fh:
        head = fh.read(64)
    container = sniff_container(head)
    if container is None:
        raise MediaError(MediaError.NOT_MEDIA, f"unknown magic {head[:8].hex()}")

    with open_container(path) as box:
        audio = box.streams.audio[0] if box.streams.audio else None
        video = box.streams.video[0] if box.streams.video else None
        if audio is None and video is None:
            raise MediaError(MediaError.NOT_MEDIA, "no audio or video stream")
        decoded = _demux_and_sample(box, [s for s in (audio, video) if s is not None])
        if audio is not None and not decoded.get(audio.index):
            raise MediaError(MediaError.DAMAGED, "audio stream decodes to nothing")
        if video is not None and not decoded.get(video.index):
            raise MediaError(MediaError.DAMAGED, "video stream decodes to nothing")
        declared = box.duration / 1_000_000 if box.duration else None
        return MediaInfo(
            container=container,
            format_name=box.format.name,
            size_bytes=size,
            has_audio=audio is not None,
            has_video=video is not None,
            audio_codec=audio.codec_context.name if audio else None,
            video_codec=video.codec_context.name if video else None,
            sample_rate=audio.codec_context.sample_rate if audio else None,
            channels=audio.codec_context.channels if audio else None,
            width=video.codec_context.width if video else None,
            height=video.codec_context.height if video else None,
            declared_duration_s=declared,
        )


def _demux_and_sample(box: av.container.InputContainer, streams: list) -> dict[int, int]:
    """Demux the whole file (cheap) and decode the first packets of each stream.

    Returns decoded frame counts per stream index. A file cut short (an upload
    that stopped half way) makes the demuxer log an error such as "File ended
    prematurely"; that is caught here so the candidate can record again.
    """
    decoded: dict[int, int] = {s.index: 0 for s in streams}
    tried: dict[int, int] = {s.index: 0 for s in streams}
    previous = av.logging.get_level()
    skip_repeated = av.logging.get_skip_repeated()
    av.logging.set_level(av.logging.ERROR)  # only while demuxing: no decoder threads run
    # PyAV drops a message equal to the one logged before it, so a second file
    # cut short the same way would otherwise pass as whole.
    av.logging.set_skip_repeated(False)
    try:
        with av.logging.Capture() as logs:
            try:
                for packet in box.demux(streams):
                    idx = packet.stream.index
                    if packet.size == 0 or tried[idx] >= _PROBE_PACKETS:
                        continue
                    tried[idx] += 1
                    try:
                        decoded[idx] += len(packet.decode())
                    except av.error.FFmpegError:
                        pass
                # Flush decoders that buffer frames (video with B-frames).
                for s in streams:
                    if not decoded[s.index]:
                        try:
                            decoded[s.index] += len(s.codec_context.decode(None))
                        except av.error.FFmpegError:
                            pass
            except Exception as exc:  # noqa: BLE001
                raise MediaError(MediaError.DAMAGED, f"demux failed: {exc}") from exc
    finally:
        av.logging.set_skip_repeated(skip_repeated)
        av.logging.set_level(previous)
    errors = [msg.strip() for level, _name, msg in logs if level <= av.logging.ERROR]
    if errors:
        raise MediaError(MediaError.DAMAGED, "; ".join(errors[:3]))
    return decoded
