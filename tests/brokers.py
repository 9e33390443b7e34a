"""The real job broker for the tests: Redis at `TAILOR_TEST_REDIS_URL` (default 127.0.0.1:6379, database 15).

Tests that need it skip, with the reason, when it cannot be reached. Each test's queue has a name
of its own and is emptied afterwards, so runs never see each other's jobs.
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis

REDIS_URL = os.environ.get("TAILOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> str:
    """The test Redis URL, or skip the test saying why it is not reachable."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}): the Redis queue tests are skipped")
    finally:
        client.close()
    return REDIS_URL


def queue_name() -> str:
    """A queue name no other test run uses."""
    return f"tailor-test-{uuid.uuid4().hex[:10]}"
