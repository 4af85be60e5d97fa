"""jieba's dictionary and word tags, loaded in a fraction of jieba's own time.

Why this exists: every ingest needs jieba (a name is cut into words to tell a place or a common word
from a brand), and a run's largest fixed cost was loading it: jieba reads its prefix dictionary from a
marshal cache (1.2–1.6 s on this 2-core machine) and `jieba.posseg` parses the whole dictionary text
for the word tags (0.5–0.9 s), in every process that needs them. For a run that adds 200 articles that
was twice the time of extracting them. Kept instead as one string of words, an array of counts and a
string of tags, the same tables load in about 0.3 s: splitting one string and zipping it with an array
builds the dict several times faster than `marshal.load` does.

The cache is made from jieba's own tables the first time (so it holds exactly what jieba would have
loaded; a test compares them) and is keyed by jieba's version and its dictionary file's size and
mtime, so a changed dictionary is read afresh. It lives in the temporary directory, as jieba's does.
"""

from __future__ import annotations

import array
import hashlib
import marshal
import os
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the cache's layout changes
SEPARATOR = "\n"  # jieba's dictionary is one word per line: no word holds it


def load() -> Any:
    """jieba's default tokenizer (`jieba.dt`), its dictionary loaded from our cache; jieba is quiet."""
    return _ready()[0]


def tags() -> dict[str, str]:
    """word → part-of-speech tag, as `jieba.posseg` reads them from the dictionary (`济宁` → `ns`)."""
    return _ready()[1]


_lock = threading.Lock()  # one load, even when `preload`'s thread and a caller ask at once
_loaded: list[tuple[Any, dict[str, str]]] = []  # the tables, once loaded
_preloading: list[threading.Thread] = []


def preload() -> None:
    """Load the tables in a thread, for a process that will need them after a wait: the ingest's parent
    waits for its workers' first results, then needs the tables to prepare their mentions for resolution
    (0.5 s of a run that adds 200 articles, until now spent after the wait instead of in it)."""
    if not _loaded and not _preloading:
        _import_jieba()  # here: its import hides `pkg_resources` from every thread for a moment
        thread = threading.Thread(target=_ready, name="wordbook-preload", daemon=True)
        _preloading.append(thread)
        thread.start()


def settle() -> None:
    """Wait for a `preload` under way (before a fork: a child must not inherit the lock held)."""
    for thread in _preloading:
        thread.join()


def _ready() -> tuple[Any, dict[str, str]]:
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(_tables())
    return _loaded[0]


def _import_jieba() -> Any:
    """jieba, imported without setuptools' `pkg_resources`: jieba uses it only to open its own files (its
    dictionary), which its fallback opens by path just the same, and importing it costs 0.1–0.25 s in
    every process (the ingest, the fork server), a twentieth of a run that adds a hundred articles."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` fails at once
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def _tables() -> tuple[Any, dict[str, str]]:
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    dt = jieba.dt
    path = cache_path(jieba)
    loaded = _read(path)
    if loaded is None:
        dt.initialize()
        word_tags = _dictionary_tags(dt)
        _write(path, dt.FREQ, dt.total, word_tags)
    else:
        with dt.lock:
            dt.FREQ, dt.total, word_tags = loaded
            dt.initialized = True
    return dt, word_tags


def cache_path(jieba: Any) -> Path:
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        stat = dictionary.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = "unknown"
    key = f"{FORMAT}:{jieba.__version__}:{dictionary}:{stamp}"
    return Path(tempfile.gettempdir()) / f"parktrack-jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.cache"


def _dictionary_tags(dt: Any) -> dict[str, str]:
    """The tags as `jieba.posseg.POSTokenizer.load_word_tag` reads them, without importing posseg (whose
    import parses the dictionary)."""
    word_tags: dict[str, str] = {}
    with dt.get_dict_file() as fh:
        for raw in fh:
            line = raw.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                word_tags[word] = tag
    return word_tags


def _read(path: Path) -> tuple[dict[str, int], int, dict[str, str]] | None:
    """The cached tables, or None when there is no usable cache (missing, older format, damaged)."""
    try:
        with path.open("rb") as fh:
            fmt, words, counts, total, tagged, tag_values = marshal.load(fh)
        if fmt != FORMAT:
            return None
        freq_counts = array.array("q")
        freq_counts.frombytes(counts)
        keys = words.split(SEPARATOR)
        tag_keys, tag_list = tagged.split(SEPARATOR), tag_values.split(SEPARATOR)
        if len(keys) != len(freq_counts) or len(tag_keys) != len(tag_list):
            return None
        return dict(zip(keys, freq_counts, strict=True)), total, dict(zip(tag_keys, tag_list, strict=True))
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write(path: Path, freq: dict[str, int], total: int, word_tags: dict[str, str]) -> None:
    """Write the cache atomically (another process may be reading or writing it); a word holding the
    separator, or a disk that refuses, leaves no cache and jieba's own load next time."""
    if any(SEPARATOR in w for w in freq) or any(SEPARATOR in w or SEPARATOR in t for w, t in word_tags.items()):
        return
    record = (
        FORMAT,
        SEPARATOR.join(freq),
        array.array("q", freq.values()).tobytes(),
        total,
        SEPARATOR.join(word_tags),
        SEPARATOR.join(word_tags.values()),
    )
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(record, fh)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
