"""The fast load of jieba's dictionary gives exactly the tables jieba loads itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from pipeline import wordbook

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["江苏润东现代智慧物流园项目", "济宁恒瑞科技有限公司", "美国罗克韦尔自动化", "华为数字能源产业园"]


@pytest.fixture(scope="module")
def jiebas_own() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def test_wordbook_cache_round_trip_equals_jiebas_tables(tmp_path: Path, jiebas_own: jieba.Tokenizer) -> None:
    path = tmp_path / "words.cache"
    wordbook._write(path, jiebas_own.FREQ, jiebas_own.total, wordbook._dictionary_tags(jiebas_own))
    freq, total, tags = wordbook._read(path)
    assert total == jiebas_own.total
    assert freq == jiebas_own.FREQ
    assert list(freq) == list(jiebas_own.FREQ)  # the same order, as jieba built it
    assert tags == jieba.posseg.dt.word_tag_tab
    assert tags["济宁"] == "ns"


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", None], ids=["empty", "garbage", "old-format"])
def test_wordbook_unusable_cache_reads_as_none(tmp_path: Path, damage: bytes | None) -> None:
    path = tmp_path / "words.cache"
    if damage is None:
        import marshal

        damage = marshal.dumps((wordbook.FORMAT - 1, "", b"", 0, "", ""))
    path.write_bytes(damage)
    assert wordbook._read(path) is None


def _cut_in_new_process(tmpdir: Path) -> dict:
    code = (
        "import json; from pipeline import wordbook; dt = wordbook.load(); "
        f"print(json.dumps({{'cuts': [dt.lcut(n) for n in {NAMES!r}], 'words': len(dt.FREQ), "
        "'total': dt.total, 'place': wordbook.tags()['济宁'], 'cache': str(wordbook.cache_path(__import__('jieba')))}))"
    )
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_wordbook_builds_then_reads_its_cache_and_cuts_as_jieba_does(
    tmp_path: Path, jiebas_own: jieba.Tokenizer
) -> None:
    first = _cut_in_new_process(tmp_path)  # no cache yet: jieba's own load, then the cache is written
    assert Path(first["cache"]).parent == tmp_path and Path(first["cache"]).exists()
    second = _cut_in_new_process(tmp_path)  # from the cache
    assert first == second
    assert second["cuts"] == [jiebas_own.lcut(n) for n in NAMES]
    assert (second["words"], second["total"], second["place"]) == (len(jiebas_own.FREQ), jiebas_own.total, "ns")


def test_loading_the_tables_does_not_import_pkg_resources_and_jieba_still_opens_its_dictionary() -> None:
    """setuptools' pkg_resources costs 0.1–0.25 s to import in every ingest; jieba opens its files without it."""
    code = (
        "import sys\n"
        "from pipeline import wordbook\n"
        "tokenizer = wordbook.load()\n"
        "assert 'pkg_resources' not in sys.modules, 'pkg_resources imported'\n"
        "with tokenizer.get_dict_file() as fh:\n"
        "    assert fh.readline().strip()\n"
        "print(' '.join(tokenizer.lcut('济宁恒瑞科技有限公司')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == jieba.lcut("济宁恒瑞科技有限公司")


def test_preloaded_tables_are_loaded_once_and_are_the_ones_callers_get() -> None:
    """`preload` loads in a thread while callers may already ask: they wait for that one load, not a second."""
    code = (
        "import threading\n"
        "from pipeline import wordbook\n"
        "wordbook.preload()\n"
        "got = []\n"
        "callers = [threading.Thread(target=lambda: got.append(wordbook.tags())) for _ in range(4)]\n"
        "for c in callers: c.start()\n"
        "for c in callers: c.join()\n"
        "wordbook.settle()\n"
        "assert all(t is wordbook.tags() for t in got), 'a caller got other tables'\n"
        "print(wordbook._tables.cache_info().misses, len(got), wordbook.tags()['济宁'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "4", "ns"]
