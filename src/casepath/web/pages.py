"""The pages: the guided form, results with the roadmap, and the requirements of each credential.

Stateless: every request carries the whole profile (form fields, an uploaded file, or the
profile JSON embedded in the results page). Nothing about a person is kept on the server.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.templating import _TemplateResponse

from casepath.profile.loading import (
    ProfileError,
    dump_profile_json,
    dump_profile_yaml,
    load_profile_text,
)
from casepath.profile.model import Profile
from casepath.renewal.ics import renewal_calendar
from casepath.result import CredentialInfo, Report
from casepath.web import presenters, tasks
from casepath.web.backend import Backend
from casepath.web.formcheck import Checked, check_state, error_ids
from casepath.web.formspec import SECTIONS
from casepath.web.formstate import FormState, blank_row, from_pairs, from_profile
from casepath.web.roadmap import build_roadmap, render_svg
from casepath.web.runner import Runner
from casepath.web.schemas import ON_DATE
from casepath.web.templating import make_templates
from casepath.web.whatif_form import WhatIfForm, form_for, read_changes
from casepath.whatif import WhatIfError

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
templates = make_templates()


def _backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def _page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> _TemplateResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def _pairs(request: Request) -> list[tuple[str, str]]:
    form = await request.form()
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


def _is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _titles(backend: Backend) -> list[CredentialInfo]:
    try:
        return backend.credentials()
    except Exception:  # titles are decoration: a failure must not hide the results
        log.exception("credentials() failed; showing ids only")
        return []


def _form_page(
    request: Request,
    state: FormState,
    *,
    filled: bool,
    checked: Checked | None = None,
    status_code: int = 200,
    import_message: str = "",
    import_problems: list[str] | None = None,
) -> _TemplateResponse:
    errors = checked.errors if checked else None
    return _page(
        request,
        "form.html",
        {
            "nav": "form",
            "state": state,
            "filled": filled,
            "errors": errors.by_id if errors else {},
            "summary": errors.summary if errors else [],
            "import_message": import_message,
            "import_problems": import_problems or [],
        },
        status_code,
    )


def _slug(name: str | None) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:40]
    return f"{text}-profile.yaml" if text else "casepath-profile.yaml"


def _yaml_download(profile: Profile) -> Response:
    return Response(
        dump_profile_yaml(profile),
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_slug(profile.name)}"'},
    )


def _import_message(profile: Profile, filename: str) -> str:
    counts = [
        f"{len(getattr(profile, key))} {spec.title.lower()}"
        for key, spec in SECTIONS.items()
        if getattr(profile, key)
    ]
    what = ", ".join(counts) if counts else "no records"
    return f"Imported {filename}: {what}. Check each step, then press Check my eligibility."


async def _upload(request: Request) -> tuple[bytes, str, str]:
    form = await request.form()
    upload = form.get("file")
    on = form.get("on")
    on_text = on.strip() if isinstance(on, str) else ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return b"", "", on_text
    content = await upload.read()
    return content, upload.filename, on_text


async def _results(
    request: Request,
    profile: Profile,
    on: date | None,
    on_text: str,
    whatif: WhatIfForm | None = None,
) -> _TemplateResponse:
    """The results page: the check in a worker (within its budget), the page in a thread."""
    runner: Runner = request.app.state.runner
    report = await runner.run(request, tasks.check_profile, _backend(request), profile, on)
    return await run_in_threadpool(_results_page, request, profile, report, on, on_text, whatif)


def _results_page(
    request: Request,
    profile: Profile,
    report: Report,
    on: date | None,
    on_text: str,
    whatif: WhatIfForm | None = None,
) -> _TemplateResponse:
    backend = _backend(request)
    today = report.evaluated_on
    if whatif is None:
        whatif = form_for(profile, today)
    label = "today" if today == date.today() else "judged on"
    roadmap = build_roadmap(profile, report, today, label)
    documented: dict[str, set[str]] = {}
    for result in report.results:
        try:
            doc = backend.requirements(result.credential, on)
        except Exception:  # links are decoration: without the page, rules link anyway
            log.exception("requirements(%s) failed; rule links not checked", result.credential)
            continue
        documented[result.credential] = presenters.requirement_rules(doc.requirement)
    return _page(
        request,
        "results.html",
        {
            "view": presenters.report_view(report, _titles(backend), documented),
            "roadmap": roadmap,
            "svg": render_svg(roadmap),
            "profile": profile,
            "profile_json": dump_profile_json(profile),
            "on_text": on_text or today.isoformat(),
            "whatif": whatif,
        },
    )


# -- static pages ---------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> _TemplateResponse:
    return _page(request, "index.html", {"nav": "home"})


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> _TemplateResponse:
    return _page(request, "about.html", {"nav": "about"})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> _TemplateResponse:
    """The interactive API documentation (Swagger UI, served from static/, no CDN)."""
    return _page(request, "api_docs.html", {"nav": "docs"})


# -- the guided form ------------------------------------------------------------------------------


@router.get("/form", response_class=HTMLResponse)
def form(request: Request) -> _TemplateResponse:
    return _form_page(request, FormState(), filled=False)


@router.get("/form/rows/{section}", response_class=HTMLResponse)
def new_row(request: Request, section: str, n: int = 0) -> _TemplateResponse:
    spec = SECTIONS.get(section)
    if spec is None:
        raise HTTPException(404, f"No such part of the form: {section[:40]!r}")
    return _page(
        request,
        "partials/row_fragment.html",
        {"section": section, "spec": spec, "new_row": blank_row(section), "number": max(n, 1)},
    )


@router.post("/form/rows/{section}/add", response_class=HTMLResponse)
async def add_row(request: Request, section: str) -> _TemplateResponse:
    """Without JavaScript: the whole form again, with one more row."""
    if section not in SECTIONS:
        raise HTTPException(404, f"No such part of the form: {section[:40]!r}")
    state = from_pairs(await _pairs(request))
    state.rows.setdefault(section, []).append(blank_row(section))
    return _form_page(request, state, filled=True)


@router.post("/form/rows/{section}/remove/{key}", response_class=HTMLResponse)
async def remove_row(request: Request, section: str, key: str) -> _TemplateResponse:
    """Without JavaScript: the whole form again, without the row."""
    state = from_pairs(await _pairs(request))
    state.rows[section] = [r for r in state.rows_of(section) if r.key != key]
    return _form_page(request, state, filled=True)


@router.post("/form/validate", response_class=HTMLResponse)
async def validate(request: Request) -> _TemplateResponse:
    state = from_pairs(await _pairs(request))
    checked = await run_in_threadpool(check_state, state)  # a big form takes a while
    return _page(
        request,
        "partials/validation.html",
        {
            "summary": checked.errors.summary,
            "errors": checked.errors.by_id,
            "error_ids": error_ids(state),
        },
    )


@router.post("/form/restore", response_class=HTMLResponse)
async def restore(request: Request) -> _TemplateResponse:
    """The form steps rebuilt from fields kept in the browser's session storage."""
    state = from_pairs(await _pairs(request))
    return _page(request, "partials/steps.html", {"state": state, "filled": True, "errors": {}})


@router.post("/form/fill", response_class=HTMLResponse)
async def fill(request: Request) -> _TemplateResponse:
    """The form filled from the profile JSON of a results page ('Edit this profile')."""
    form_data = await request.form()
    raw = form_data.get("profile_json")
    on = form_data.get("on")
    on_text = on if isinstance(on, str) else ""
    try:
        profile = await run_in_threadpool(
            load_profile_text, raw if isinstance(raw, str) else "", source="results page"
        )
    except ProfileError as exc:
        return _page(
            request, "error.html", {"title": "Profile not readable", "message": str(exc)}, 422
        )
    return _form_page(request, from_profile(profile, on_text), filled=True)


@router.post("/form/import", response_class=HTMLResponse)
async def import_file(request: Request) -> Response:
    content, filename, on_text = await _upload(request)
    shown = filename or "the file"
    issues: list[str]
    if not filename:
        issues = ["choose a file first"]
    else:
        try:
            profile = await run_in_threadpool(load_profile_text, content, source=filename)
        except ProfileError as exc:
            issues = [str(issue) for issue in exc.issues[:20]]
        else:
            state = from_profile(profile, on_text)
            message = _import_message(profile, shown)
            if _is_htmx(request):
                return _page(
                    request,
                    "partials/import_result.html",
                    {"state": state, "filled": True, "errors": {}, "import_message": message},
                )
            return _form_page(request, state, filled=True, import_message=message)
    if _is_htmx(request):
        response = _page(
            request, "partials/import_error.html", {"filename": shown, "issues": issues}
        )
        response.headers["HX-Retarget"] = "#import-status"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    state = FormState(on=on_text)
    return _form_page(
        request,
        state,
        filled=False,
        status_code=422,
        import_message=f"Could not import {shown}:",
        import_problems=issues,
    )


@router.post("/form/export", response_class=HTMLResponse)
async def export(request: Request) -> Response:
    state = from_pairs(await _pairs(request))
    checked = await run_in_threadpool(check_state, state)
    if checked.profile is None:
        return _form_page(request, state, filled=True, checked=checked, status_code=422)
    return _yaml_download(checked.profile)


# -- results --------------------------------------------------------------------------------------


@router.post("/results", response_class=HTMLResponse)
async def results(request: Request) -> Response:
    state = from_pairs(await _pairs(request))
    checked = await run_in_threadpool(check_state, state)
    if checked.profile is None:
        return _form_page(request, state, filled=True, checked=checked, status_code=422)
    profile, on = checked.profile, checked.on
    return await _results(request, profile, on, state.on)


@router.post("/results/upload", response_class=HTMLResponse)
async def results_from_file(request: Request) -> Response:
    content, filename, on_text = await _upload(request)
    on: date | None = None
    problems: list[str] = []
    if on_text:
        try:
            on = ON_DATE.validate_python(on_text)
        except ValueError:
            problems.append(f"Date to judge on: expected a date YYYY-MM-DD, got {on_text[:40]!r}")
    profile: Profile | None = None
    if not filename:
        problems.append("Choose a profile file first.")
    else:
        try:
            profile = await run_in_threadpool(load_profile_text, content, source=filename)
        except ProfileError as exc:
            problems += [f"{filename}: {issue}" for issue in exc.issues[:20]]
    if problems or profile is None:
        return _form_page(
            request,
            FormState(on=on_text),
            filled=False,
            status_code=422,
            import_message="Could not check the file:",
            import_problems=problems,
        )
    return await _results(request, profile, on, on_text)


WHAT_IF_FIELDS = (
    "ft",
    "ft_start",
    "ft_job",
    "ce",
    "ce_hours",
    "ce_topic",
    "ce_approver",
    "sup",
    "sup_job",
)


def _what_if(request: Request, form: WhatIfForm, profile: Profile, on: date | None) -> None:
    """Fill `form.report` (or `form.problems`) with the changes it asks for."""
    changes = read_changes(form, len(profile.jobs))
    if form.problems:
        return
    if not changes:
        form.problems.append("Tick at least one change to see what it does.")
        return
    try:
        form.report = _backend(request).what_if(profile, changes, on)
    except WhatIfError as exc:
        form.problems.append(exc.message[:1].upper() + exc.message[1:] + ".")


@router.post("/results/what-if", response_class=HTMLResponse)
async def what_if(request: Request) -> Response:
    """The results again after a change the person tries (the profile is not changed).

    With htmx: only the comparison; without JavaScript: the whole results page with it."""
    posted = await _posted_profile(request)
    if isinstance(posted, Response):
        return posted
    profile, on, on_text = posted
    form_data = await request.form()
    values = {k: v for k in WHAT_IF_FIELDS if isinstance(v := form_data.get(k), str)}
    form = form_for(profile, on or date.today(), values)
    await run_in_threadpool(_what_if, request, form, profile, on)
    if _is_htmx(request):
        return _page(request, "partials/whatif_result.html", {"whatif": form})
    return await _results(request, profile, on, on_text, form)


async def _posted_profile(request: Request) -> tuple[Profile, date | None, str] | Response:
    """The profile JSON and the date a results page posts back, or the error page."""
    form_data = await request.form()
    raw = form_data.get("profile_json")
    on_value = form_data.get("on")
    on_text = on_value.strip() if isinstance(on_value, str) else ""
    try:
        profile = load_profile_text(raw if isinstance(raw, str) else "", source="results page")
        on = ON_DATE.validate_python(on_text) if on_text else None
    except (ProfileError, ValueError) as exc:
        return _page(
            request, "error.html", {"title": "Profile not readable", "message": str(exc)}, 422
        )
    return profile, on, on_text


@router.post("/results/calendar")
async def calendar(request: Request) -> Response:
    """The renewal deadlines and windows as an iCalendar file (as `casepath renewal --ics`)."""
    posted = await _posted_profile(request)
    if isinstance(posted, Response):
        return posted
    profile, on, _ = posted
    runner: Runner = request.app.state.runner
    report = await runner.run(request, tasks.check_profile, _backend(request), profile, on)
    body = renewal_calendar(report.renewals, report.evaluated_on, profile.name)
    name = _slug(profile.name).replace("-profile.yaml", "-renewals.ics")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/profile/download")
async def download(request: Request) -> Response:
    form_data = await request.form()
    raw = form_data.get("profile_json")
    try:
        profile = await run_in_threadpool(
            load_profile_text, raw if isinstance(raw, str) else "", source="results page"
        )
    except ProfileError as exc:
        return _page(
            request, "error.html", {"title": "Profile not readable", "message": str(exc)}, 422
        )
    return _yaml_download(profile)


# -- requirements ---------------------------------------------------------------------------------


@router.get("/credentials", response_class=HTMLResponse)
def credentials_page(request: Request) -> _TemplateResponse:
    infos = _backend(request).credentials()
    return _page(request, "credentials.html", {"nav": "credentials", "infos": infos})


@router.get("/credentials/{credential_id}/requirements", response_class=HTMLResponse)
def requirements_page(
    request: Request, credential_id: str, on: str | None = None
) -> _TemplateResponse:
    when: date | None = None
    if on:
        try:
            when = ON_DATE.validate_python(on)
        except ValueError:
            raise HTTPException(422, "The date must be written YYYY-MM-DD.") from None
    backend = _backend(request)
    try:
        doc = backend.requirements(credential_id, when)
    except KeyError:
        raise HTTPException(404, f"casepath does not know {credential_id[:40]!r}.") from None
    index = presenters.CitationIndex()
    index.add_requirement(doc.requirement)
    return _page(
        request,
        "requirements.html",
        {"nav": "credentials", "doc": doc, "citations": index, "on": on or ""},
    )
