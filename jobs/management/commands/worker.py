"""`tryggve worker`: run background jobs (imports…) from the database queue.

`tryggve serve` starts one beside its web workers; run more (on this or other machines,
same DATABASE_URL and TRYGGVE_DATA_DIR) for more throughput. The first SIGTERM or Ctrl+C
lets the running job finish; a second interrupts it, and it goes back to the queue.
"""

import signal

from django.core.management.base import BaseCommand

from jobs.worker import Worker


class Command(BaseCommand):
    help = "Run background jobs from the database queue until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--until-idle", action="store_true",
                            help="stop when the queue is empty (for cron and tests)")
        parser.add_argument("--parent-pid", type=int, default=None,
                            help="stop when the process with this id (tryggve serve) is gone")

    def handle(self, until_idle=False, parent_pid=None, **options):
        worker = Worker(parent_pid=parent_pid)

        def on_signal(signum, frame):
            if worker.stopping:  # the second: interrupt the running job
                raise KeyboardInterrupt
            worker.stop()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            ran = worker.run(until_idle=until_idle)
        except KeyboardInterrupt:
            ran = worker.ran
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
        if until_idle:
            self.stdout.write(f"Ran {ran} job(s).")
