"""background.start: a part computed by a forked child gives what the parent would compute."""

import os

from pipeline import background


def test_background_result_from_child() -> None:
    parent = os.getpid()
    assert background.start(lambda: (os.getpid() != parent, [1, 2, 3])).result() == (hasattr(os, "fork"), [1, 2, 3])


def test_background_failed_child_done_again_here() -> None:
    parent = os.getpid()

    def only_here() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child cannot")
        return "here"

    assert background.start(only_here).result() == "here"


def test_background_feed_written_here_inside_an_open_transaction(tmp_path, monkeypatch) -> None:
    """A rebuild resolves and publishes inside one transaction: a child's own connection would see the
    old tables, so the feed is then written by the parent, from what it is about to commit."""
    import sqlite3

    from pipeline import review

    db = tmp_path / "t.db"
    conn = sqlite3.connect(db)
    conn.execute("create table meta (key text primary key, value text)")
    conn.commit()
    forked: list[object] = []
    monkeypatch.setattr(background, "start", lambda fn: forked.append(fn))
    written: list[object] = []
    monkeypatch.setattr("pipeline.changes.write_feed", lambda d, *a: written.append(d))
    conn.execute("begin immediate")
    review.publish(conn)
    assert not forked and written == [conn]
    conn.rollback()
    review.publish(conn)
    assert len(forked) == 1  # outside a transaction the child writes it
