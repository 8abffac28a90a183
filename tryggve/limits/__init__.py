"""Rate limits shared by every worker: counters in the database (see ``counters.py``)."""
