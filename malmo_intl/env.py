"""Reading the environment for the settings, and whether a SECRET_KEY is fit for production."""

import collections
import itertools
import math
import os
import zlib

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


# Fragments of the placeholder keys in docs, examples and tutorials.
WEAK_SECRET_KEY_MARKERS = ("insecure", "change-me", "changeme", "secret-key", "test-only")
# Django's own rule (check --deploy, security.W009) is the floor: 50 characters, 5 distinct.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
# The randomness a key must carry by its character frequencies (Shannon entropy per character
# times its length); a random key of 50 characters, even of digits only, carries more.
SECRET_KEY_MIN_BITS = 128
# Compressed without adapting to the alphabet, a random key stays about as long as it is (never
# below 0.85 in 50 000 keys of each common kind); a repeated part shrinks it.
SECRET_KEY_MIN_COMPRESSED_RATIO = 0.8
# Share of neighbouring characters that are the same or next to each other (abc…, 123…):
# at most about 0.55 in random keys, even of digits only.
SECRET_KEY_MAX_RUN_SHARE = 0.75


def _shannon_bits(key: str) -> float:
    counts = collections.Counter(key)
    return -sum(n * math.log2(n / len(key)) for n in counts.values())


def _compressed_ratio(key: str) -> float:
    # Fixed Huffman codes: only repeats make it shorter, not a small alphabet (hex is fine).
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_FIXED)
    raw = key.encode()
    return len(packer.compress(raw) + packer.flush()) / len(raw)


def _run_share(key: str) -> float:
    return sum(abs(ord(a) - ord(b)) <= 1 for a, b in itertools.pairwise(key)) / (len(key) - 1)


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is unfit for production, or None when it looks long and random enough."""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    lowered = key.lower()
    for marker in WEAK_SECRET_KEY_MARKERS:
        if marker in lowered:
            return f"it contains the placeholder text {marker!r}"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"it has fewer than {SECRET_KEY_MIN_DISTINCT} distinct characters"
    if _compressed_ratio(key) < SECRET_KEY_MIN_COMPRESSED_RATIO:
        return "it repeats a pattern (it compresses well)"
    if _run_share(key) > SECRET_KEY_MAX_RUN_SHARE:
        return "it is mostly runs of neighbouring characters (abc…, 123…)"
    if (bits := _shannon_bits(key)) < SECRET_KEY_MIN_BITS:
        return f"it carries about {bits:.0f} bits of randomness, fewer than {SECRET_KEY_MIN_BITS}"
    return None
