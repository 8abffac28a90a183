"""For tests: run the queued jobs at once, in the test's own thread and transaction."""

from jobs import queue, runner


def run_queued_jobs() -> int:
    """Claim and run every queued job as a worker would (minus its connection
    housekeeping, which would end a test's transaction); the number run."""
    ran = 0
    while (job := queue.claim_next("test")) is not None:
        runner.execute(job, heartbeat=3600)
        ran += 1
    return ran
