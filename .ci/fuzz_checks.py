"""Schemathesis checks of .ci/fuzz beyond its own: a refused request writes nothing.

After every response the head of the log is read straight from the database (as its owner, so
that nothing the server's role could do hides a write). A response of 400 or above whose request
moved the head since the previous response fails the run, naming the request. Requests run one
after another, so the head after the previous response is the head this request found.
"""

import os

import psycopg
import schemathesis

_connection = psycopg.connect(os.environ["FUZZ_OWNER_DSN"], autocommit=True)
_last_head = None
_refused = 0


def _head():
    return _connection.execute("SELECT position FROM event_log_head").fetchone()[0]


@schemathesis.check
def refused_requests_write_nothing(ctx, response, case):
    """A request answered 4xx or 5xx leaves the log's head where it was."""
    global _last_head, _refused
    head = _head()
    before, _last_head = _last_head, head
    if response.status_code < 400 or before is None:
        return None
    _refused += 1
    with open(os.environ["FUZZ_REFUSED_COUNT"], "w") as counted:
        counted.write(f"{_refused}\n")
    if head != before:
        raise AssertionError(
            f"{case.method} {case.formatted_path} was answered {response.status_code}, "
            f"but the log's head moved from position {before} to {head}"
        )
    return None
