"""The Jinja2 environment of the pages: template folder, filters and globals."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from casepath import __version__
from casepath.web import formspec, formstate, presenters

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(
        figures=presenters.figures_text,
        humanise=formspec.humanise,
        iso=presenters.iso,
        number=presenters.number,
        sentence=presenters.sentence,
        with_article=presenters.with_article,
    )
    env.globals.update(
        version=__version__,
        status_view=presenters.status_view,
        outcome_view=presenters.outcome_view,
        kind_words=presenters.KIND_WORDS,
        steps=formspec.STEPS,
        sections=formspec.SECTIONS,
        field_name=formstate.field_name,
        scalar_name=formstate.scalar_name,
    )
    return templates
