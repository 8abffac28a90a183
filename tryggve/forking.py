"""Database connections never cross a fork.

A forked process inherits its parent's open sockets. Two processes talking over one
database connection interleave their messages on one session: PostgreSQL answers one
process's query to the other ("lost synchronization with server", rows of another
request, a worker waiting forever). `tryggve serve` therefore closes every connection in
gunicorn's master before each fork (``close_before_fork``, the ``pre_fork`` hook) and each
new web worker checks that it holds none (``close_inherited``, the ``post_fork`` hook): one
found means a bug, which is logged loudly and the connection closed before any request
can use it.
"""

import logging
import os

from django.db import connections as default_connections

logger = logging.getLogger("tryggve.forking")


def close_before_fork(connections=default_connections) -> None:
    """In the parent, before forking: close every database connection of this thread."""
    connections.close_all()


def close_inherited(connections=default_connections) -> list[str]:
    """In a freshly forked child: close any connection that came from the parent, logging
    an error for each; return their aliases.

    Closing ends the session the parent opened. The parent (gunicorn's master) does not
    use the database after start-up, and a shared session would be worse."""
    inherited = [c.alias for c in connections.all(initialized_only=True)
                 if c.connection is not None]
    for alias in inherited:
        logger.error("Database connection %r was inherited across a fork by process %d: "
                     "closing it. Connections must be closed before forking.", alias,
                     os.getpid())
        connections[alias].close()
    return inherited
