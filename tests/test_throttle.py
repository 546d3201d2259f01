"""The adaptive request rate: a 429 halves the rate the site just saw, however slowly the crawl started."""

from __future__ import annotations

import time

from apiref.scraper.fetch import Throttle


def test_a_429_halves_the_last_seconds_rate_not_the_average_since_the_start() -> None:
    t = Throttle()
    t.wait()
    time.sleep(3.0)  # a slow start: the landing page, then discovery
    for _ in range(30):  # then a burst the site refuses
        t.wait()
    t.limited(0.0)
    assert 1 / t.interval > 10  # about 15 requests a second: half the burst's 30, not half of a 31/3 s average


def test_successes_raise_the_rate_again_and_a_crawl_delay_is_a_floor() -> None:
    t = Throttle(floor=0.0)
    for _ in range(10):
        t.wait()
    t.limited(0.0)
    slow = t.interval
    for _ in range(40):
        t.succeeded()
    assert t.interval < slow
    paced = Throttle(floor=0.05)
    start = time.monotonic()
    for _ in range(5):
        paced.wait()
    assert time.monotonic() - start >= 0.2
