"""The web application: the REST API under /api/v1 and the pages, in one FastAPI app."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp

from casepath.preflight import rules_problem
from casepath.web import accounts, api, orgs, pages, whatif_api
from casepath.web.backend import Backend, ServiceBackend
from casepath.web.errors import BodyError, ValidationErrorResponse, format_errors
from casepath.web.headers import HeadersMiddleware
from casepath.web.limits import MAX_BODY_BYTES, BodySizeLimitMiddleware
from casepath.web.openapi import APP_INFO, install_openapi
from casepath.web.redirects import install_relative_slash_redirects
from casepath.web.runner import (
    CHECK_BUDGET_SECONDS,
    ClientGone,
    OverBudget,
    ProcessRunner,
    Runner,
    ThreadRunner,
)
from casepath.web.templating import STATIC_DIR

log = logging.getLogger(__name__)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(api.PREFIX)


def _html_error(request: Request, status: int, title: str, message: str) -> Response:
    return pages.templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status_code=status,
    )


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(BodyError)
    async def body_error(request: Request, exc: BodyError) -> Response:
        payload = ValidationErrorResponse(detail=exc.items)
        return JSONResponse(payload.model_dump(mode="json"), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> Response:
        items = format_errors(exc.errors())
        if not _is_api(request):
            text = "; ".join(f"{i.path}: {i.msg}" if i.path else i.msg for i in items)
            return _html_error(request, 422, "That request is not valid", text)
        payload = ValidationErrorResponse(detail=items)
        return JSONResponse(payload.model_dump(mode="json"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "Request not accepted."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address."
        if _is_api(request):
            return JSONResponse(
                {"detail": detail},
                status_code=exc.status_code,
                headers=getattr(exc, "headers", None),
            )
        titles = {404: "Page not found", 405: "Not allowed", 422: "Not valid"}
        return _html_error(request, exc.status_code, titles.get(exc.status_code, "Error"), detail)

    @app.exception_handler(OverBudget)
    async def over_budget(request: Request, exc: OverBudget) -> Response:
        log.warning(
            "check stopped after %g s (its time budget) on %s %s",
            exc.seconds,
            request.method,
            request.url.path,
        )
        message = (
            f"The check took longer than {exc.seconds:g} seconds and was stopped. "
            "A real profile checks in well under a second; please try again, or send a "
            "smaller profile."
        )
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=503)
        return _html_error(request, 503, "The check took too long", message)

    @app.exception_handler(ClientGone)
    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, exc: Exception) -> Response:
        # Nobody is listening: one quiet line, no traceback, no answer worth composing.
        log.info("client went away during %s %s", request.method, request.url.path)
        return Response(status_code=499)

    @app.exception_handler(NotImplementedError)
    async def not_ready(request: Request, exc: NotImplementedError) -> Response:
        message = "The rules engine is not available yet; please try again later."
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=503)
        return _html_error(request, 503, "Not available yet", message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        error_id = uuid.uuid4().hex[:12]
        log.error(
            "unhandled error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc
        )
        message = (
            f"Something went wrong on our side (error {error_id}). Nothing you sent was kept. "
            "Please report the error number."
        )
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=500)
        return _html_error(request, 500, "Something went wrong", message)


class _App(FastAPI):
    """FastAPI with `HeadersMiddleware` outside everything, so that the answers of the body
    size limit (413) and of the last-resort error handler (500) carry the headers too."""

    def build_middleware_stack(self) -> ASGIApp:
        return HeadersMiddleware(super().build_middleware_stack())


def create_app(
    backend: Backend | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    *,
    workers: int = 0,
    budget: float = CHECK_BUDGET_SECONDS,
) -> FastAPI:
    """The casepath web application. `backend` defaults to the real service.

    `workers`: checks run in that many worker processes (0: in threads of this process; a
    backend of one's own always runs in threads). `budget`: seconds one check may take.
    """
    runner: Runner
    if workers > 0 and backend is None:
        runner = ProcessRunner(workers, budget)
    else:
        runner = ThreadRunner(budget)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if backend is None:  # served however it is started, it must not claim to be up
            problem = rules_problem()
            if problem is not None:
                raise RuntimeError(problem)
        await runner.start()
        try:
            yield
        finally:
            await runner.stop()

    app = _App(
        **APP_INFO,
        openapi_url=f"{api.PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN; the app must work offline
        redoc_url=None,
        lifespan=lifespan,
    )
    install_relative_slash_redirects(app.router)
    app.state.backend = backend if backend is not None else ServiceBackend()
    app.state.runner = runner
    install_openapi(app)
    _install_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=max_body_bytes)
    app.include_router(api.router)
    app.include_router(whatif_api.router)
    app.include_router(pages.router)
    app.include_router(accounts.router)  # sign-in and the person's own space (issue 10)
    app.include_router(orgs.router)  # organisations (issue 10)
    app.include_router(orgs.api)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    return app
