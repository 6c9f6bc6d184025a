"""The worker's webhook senders: their own threads, off the chat path, WEBHOOK_CONCURRENCY at most.

A slow or hostile subscriber holds one sender until its deadline, never the thread that answers
citizens and beats the heartbeat. Idle senders take turns looking for work, so waiting costs one
query per poll, not one per thread. On stop, deliveries still in flight get a moment to finish,
then are cut and put back in the queue uncounted (or, if the database is away, left to their lease).
"""
from __future__ import annotations

import logging
import threading
import time

from bot import errors
from bot.webhooks import delivery
from bot.webhooks.exchange import Exchange

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 2.0  # how long a stopping worker lets deliveries in flight finish


class Senders:
    """A worker process's webhook sender threads."""

    def __init__(self, runtime, outages, poll_seconds: float = 0.5):
        # A draining worker polls its queues every few ms; a look at the webhooks costs a
        # transaction, and every 50 ms is soon enough for them.
        self.runtime, self.poll_seconds = runtime, max(poll_seconds, 0.05)
        self._outages = outages  # the worker's: one log line per outage, whichever thread notices
        self._stopping, self._wake = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        self._turn = threading.Condition(self._lock)  # one idle sender at a time looks for work
        self._looking = False
        self._exchanges: set[Exchange] = set()
        self._active = 0  # senders claiming, sending or recording right now
        self._threads: list[threading.Thread] = []

    def start(self) -> "Senders":
        """Start the sender threads."""
        self._threads = [threading.Thread(target=self._run, name=f"webhooks-{n}", daemon=True)
                         for n in range(self.runtime.settings.webhook_concurrency)]
        for thread in self._threads:
            thread.start()
        return self

    def busy(self) -> bool:
        """Whether a delivery is being claimed, sent or recorded (a draining worker waits)."""
        with self._lock:
            return self._active > 0

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Take no more work; let deliveries in flight finish for `grace` seconds, then cut them."""
        self._stopping.set()
        self._wake.set()
        with self._turn:
            self._turn.notify_all()
        until = time.monotonic() + grace
        while self.busy() and time.monotonic() < until:
            time.sleep(0.05)
        with self._lock:
            in_flight = list(self._exchanges)
        for exchange in in_flight:
            exchange.cut(stopping=True)
        for thread in self._threads:
            thread.join(timeout=max(0.1, until + 1.0 - time.monotonic()))

    def _run(self) -> None:
        """One sender: wait for its turn to look for work, then send what it found."""
        while True:
            with self._turn:
                while self._looking and not self._stopping.is_set():
                    self._turn.wait()
                if self._stopping.is_set():
                    return
                self._looking = True
            try:
                job = self._claim()
            finally:
                with self._turn:
                    self._looking = False
                    self._turn.notify()
            if job is not None:
                self._send(job)

    def _claim(self) -> delivery.Job | None:
        """Look for a due delivery until one is found or the worker stops, waiting between looks."""
        failures = 0
        while not self._stopping.is_set():
            with self._lock:
                self._active += 1
            try:
                job = delivery.claim_next(self.runtime)
                if failures:
                    self._outages.recovered(failures)
                failures = 0
            except Exception as error:  # noqa: BLE001 - a database away must not end the sender
                job, failures = None, failures + 1
                if failures == 1:
                    self._outages.failed(error)
            if job is not None:
                return job  # still counted active: _send ends it
            with self._lock:
                self._active -= 1
            self._wake.wait(min(30.0, self.poll_seconds * 2 ** failures))
            self._wake.clear()
        return None

    def _send(self, job: delivery.Job) -> None:
        """Send one claimed delivery and record how it went; the lease covers a failed record."""
        exchange = Exchange(job.deadline)
        with self._lock:
            self._exchanges.add(exchange)
        try:
            status, error = delivery.attempt(self.runtime.settings, job, exchange,
                                             self.runtime.resolve)
            delivery.record(self.runtime, job, status, error)
        except Exception as error:  # noqa: BLE001 - the delivery is retried when its lease ends
            log.warning("webhook delivery %s left to its lease: %s", job.delivery_id,
                        errors.describe(error))
        finally:
            with self._lock:
                self._exchanges.discard(exchange)
                self._active -= 1
            self._wake.set()  # the subscriber's next delivery may be due now
