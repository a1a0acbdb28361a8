from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from casepath.web.app import create_app

from .fakes import FakeBackend

DATA = Path(__file__).parent / "data"


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def app(backend: FakeBackend) -> FastAPI:
    return create_app(backend)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def s16_yaml() -> bytes:
    return (DATA / "s16-profile.yaml").read_bytes()
