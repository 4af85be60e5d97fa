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
