"""Before answering anyone: do the catalogue and the rulebooks load?

A missing or corrupt file must stop the CLI with one line and keep the server from starting,
instead of an "internal error" or a 500 on every route. `rules_problem()` names the file and the
reason: "the rulebooks do not load: renewal/ccm.yaml: no such file".
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from casepath.catalogue import load_catalogue
from casepath.renewal.rulebooks import RENEWAL_FILES, load_renewal_rulebooks
from casepath.rules.loader import RULEBOOK_FILES, RulebookError, load_rulebooks

PREFIX = "the rulebooks do not load"


def _files() -> list[tuple[str, str, str]]:
    """(package, file name, name shown) of every file the engine reads."""
    return [
        ("casepath.catalogue", "rules.md", "catalogue/rules.md"),
        *(("casepath.rulebooks", name, name) for name in RULEBOOK_FILES.values()),
        *(
            ("casepath.rulebooks.renewal", name, f"renewal/{name}")
            for name in RENEWAL_FILES.values()
        ),
    ]


def _read(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _unreadable() -> str | None:
    for package, name, shown in _files():
        try:
            _read(package, name)
        except FileNotFoundError:
            return f"{shown}: no such file"
        except UnicodeDecodeError as exc:
            return f"{shown}: not UTF-8 text (byte {exc.start})"
        except OSError as exc:
            return f"{shown}: {(exc.strerror or str(exc)).lower()}"
        except Exception as exc:  # e.g. a package directory that is gone
            return f"{shown}: {type(exc).__name__}: {exc}"
    return None


def _first_problem() -> str | None:
    unreadable = _unreadable()
    if unreadable is not None:
        return unreadable
    try:
        if not load_catalogue().rules:
            return "catalogue/rules.md: no rule IDs found (the file is empty or not the catalogue)"
        load_rulebooks()
        load_renewal_rulebooks()
    except RulebookError as exc:
        return str(exc.problems[0]) if exc.problems else str(exc)
    except FileNotFoundError as exc:
        return f"{exc.filename or exc}: no such file"
    except OSError as exc:
        return f"{exc.filename or 'a rulebook'}: {(exc.strerror or str(exc)).lower()}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@cache
def rules_problem() -> str | None:
    """None when everything loads; else "the rulebooks do not load: FILE: reason" (cached:
    the shipped files do not change under a running process)."""
    problem = _first_problem()
    return None if problem is None else f"{PREFIX}: {' '.join(problem.split())}"
