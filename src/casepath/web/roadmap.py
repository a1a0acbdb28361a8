"""The roadmap picture: jobs on a time axis, progress toward each threshold, and the date each
credential is reached, as a server-rendered SVG with a text alternative.

Pure functions of (profile, report, today): `build_roadmap` gathers what to draw (also used for
the text version on the page), `render_svg` draws it, `roadmap_svg` does both.

The picture shows only what the report says: a threshold's projection runs from today to the
date the engine computed (`first_true`); casepath does not redo the engine's arithmetic here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Literal

from casepath.dates import add_years
from casepath.profile.model import Job, Profile, Role
from casepath.result import CredentialResult, Report, TraceNode
from casepath.web.presenters import figures_text, number, progress_of, status_view

Style = Literal["cm", "supervisor", "other", "projected", "met", "goal", "eligible", "pending"]

MAX_THRESHOLDS = 10
YEARS_BACK = 6  # older work is drawn as running in from the left edge
MAX_YEARS_AHEAD = 15


@dataclass(frozen=True)
class Segment:
    start: date
    end: date
    style: Style


@dataclass(frozen=True)
class Marker:
    on: date
    label: str
    style: Style


@dataclass
class Lane:
    label: str
    sublabel: str = ""
    segments: list[Segment] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    progress: float | None = None  # 0..1 of a threshold, shown next to the label
    note: str = ""  # said in the lane when there is nothing to draw
    text: str = ""  # one sentence for the text alternative


@dataclass
class Group:
    title: str
    lanes: list[Lane]


@dataclass
class Roadmap:
    today: date
    today_label: str
    start: date
    end: date
    groups: list[Group]
    title: str
    summary: str

    def sentences(self) -> Iterator[tuple[str, str]]:
        """(group title, sentence) for every lane: the text version of the picture."""
        for group in self.groups:
            for lane in group.lanes:
                yield group.title, lane.text


# -- gathering ----------------------------------------------------------------------------------


def _role_style(job: Job) -> Style:
    if job.role == Role.direct_cm:
        return "cm"
    if job.role == Role.supervisor_of_cm:
        return "supervisor"
    return "other"


_ROLE_WORDS = {
    Role.direct_cm: "case management",
    Role.supervisor_of_cm: "supervising case managers",
    Role.non_cm: "not case management",
}


def _job_lane(index: int, job: Job, today: date, horizon: date) -> Lane:
    title = job.title or f"Job {index + 1}"
    hours = f"{number(job.hours_per_week)} h/week" if job.hours_per_week is not None else ""
    sub = ", ".join(x for x in (_ROLE_WORDS.get(job.role, ""), hours) if x)
    lane = Lane(label=title, sublabel=sub)
    style = _role_style(job)
    done_end = min(job.end, today) if job.end else today
    if job.start <= done_end:
        lane.segments.append(Segment(job.start, done_end, style))
    if job.end is None or job.end > today:
        future_end = job.end or horizon
        lane.segments.append(Segment(max(job.start, today), future_end, "projected"))
    until = (
        f"to {job.end.isoformat()}"
        if job.end
        else "ongoing (projected forward as it is, per CONV-8)"
    )
    lane.text = f"{title} ({sub}): from {job.start.isoformat()} {until}."
    return lane


def _leaves_with_figures(node: TraceNode | None) -> Iterator[TraceNode]:
    if node is None:
        return
    if progress_of(node.figures) is not None:
        yield node
    for child in node.children:
        yield from _leaves_with_figures(child)


def _threshold_lane(result: CredentialResult, node: TraceNode, today: date) -> Lane:
    name = result.variant or result.credential
    value, threshold, _ = progress_of(node.figures) or (0.0, 1.0, "")
    figures = figures_text(node.figures)
    lane = Lane(
        label=f"{name}: {node.label}",
        sublabel=figures,
        progress=max(0.0, min(1.0, value / threshold)),
    )
    rules = f" ({', '.join(node.rules)})" if node.rules else ""
    if node.outcome is True or value >= threshold:
        lane.markers.append(Marker(today, "met", "met"))
        lane.text = f"{name}, {node.label}{rules}: met, {figures}."
    elif node.first_true is not None:
        lane.segments.append(Segment(today, node.first_true, "projected"))
        lane.markers.append(Marker(node.first_true, node.first_true.isoformat(), "goal"))
        lane.text = (
            f"{name}, {node.label}{rules}: {figures} on {today.isoformat()}; "
            f"reached on {node.first_true.isoformat()} if the current jobs continue."
        )
    else:
        lane.note = "not reached by time alone"
        lane.text = f"{name}, {node.label}{rules}: {figures}; not reached by time alone."
    return lane


def _credential_lane(result: CredentialResult, today: date) -> Lane:
    name = result.variant or result.credential
    status = status_view(result.status)
    lane = Lane(label=name, sublabel=status.words)
    earliest = result.earliest_eligibility_date
    if result.status.value == "eligible":
        lane.markers.append(Marker(today, "eligible now", "eligible"))
        lane.text = f"{name}: eligible on {today.isoformat()}."
    elif earliest is not None:
        lane.segments.append(Segment(today, earliest, "pending"))
        lane.markers.append(Marker(earliest, earliest.isoformat(), "eligible"))
        lane.text = f"{name}: {status.words.lower()}; earliest eligibility {earliest.isoformat()}."
    else:
        why = (result.earliest_note or (result.missing[0] if result.missing else "")).rstrip(".")
        lane.note = "no date: depends on an event" if why else "no date"
        lane.text = f"{name}: {status.words.lower()}; no date can be given" + (
            f" ({why})." if why else "."
        )
    return lane


def _pick_thresholds(results: list[CredentialResult]) -> list[tuple[CredentialResult, TraceNode]]:
    """The thresholds worth a lane: first those a date will reach, then those time alone will
    not reach, then those already met; one lane per (credential, requirement)."""
    found: dict[tuple[str, str], tuple[int, int, CredentialResult, TraceNode]] = {}
    for order, result in enumerate(results):
        for node in _leaves_with_figures(result.trace):
            key = (result.variant or result.credential, node.label)
            if key in found:
                continue
            progress = progress_of(node.figures)
            if result.status.value == "eligible" and node.outcome is not True:
                continue  # a route not taken: a date on it would contradict "eligible now"
            if node.outcome is True:
                rank = 2
            elif node.first_true is not None:
                rank = 0
            elif progress is not None and progress[0] > 0:
                rank = 1
            else:
                continue  # nothing accrued and time alone will not get there: nothing to draw
            found[key] = (rank, order, result, node)
    ranked = sorted(found.values(), key=lambda item: (item[0], item[1]))
    return [(result, node) for _, _, result, node in ranked[:MAX_THRESHOLDS]]


def _reachable(report: Report) -> list[CredentialResult]:
    """The results the person can reach: not those held or not applicable, and not those the
    guidance puts behind a profession gate (GUIDE-1), which the cards show collapsed."""
    gated = {(g.credential, g.variant) for g in report.guidance if g.group == "other_profession"}
    gated_ids = {credential for credential, variant in gated if variant is None}
    return [
        r
        for r in report.results
        if r.status.value != "not_applicable"
        and r.credential not in gated_ids
        and (r.credential, r.variant) not in gated
    ]


def build_roadmap(
    profile: Profile, report: Report, today: date, today_label: str = "today"
) -> Roadmap:
    """What the roadmap shows, in drawing order."""
    results = _reachable(report)
    goal_dates = [r.earliest_eligibility_date for r in results if r.earliest_eligibility_date]
    thresholds = _pick_thresholds(results)
    goal_dates += [n.first_true for _, n in thresholds if n.first_true and n.outcome is not True]

    earliest_start = min([j.start for j in profile.jobs] + [today - timedelta(days=365)])
    start = max(earliest_start, add_years(today, -YEARS_BACK))
    start = date(start.year, 1, 1)
    latest = max([today + timedelta(days=365), *(d + timedelta(days=240) for d in goal_dates)])
    end = min(latest, add_years(today, MAX_YEARS_AHEAD))
    end = date(end.year + (1 if (end.month, end.day) != (1, 1) else 0), 1, 1)

    groups = [
        Group("Jobs", [_job_lane(i, job, today, end) for i, job in enumerate(profile.jobs)]),
        Group(
            "Progress toward thresholds",
            [_threshold_lane(result, node, today) for result, node in thresholds],
        ),
        Group("Credentials", [_credential_lane(result, today) for result in results]),
    ]
    groups = [g for g in groups if g.lanes]
    credential_bits = [lane.text.rstrip(".") for lane in groups[-1].lanes] if groups else []
    summary = (
        f"Roadmap from {start.year} to {end.year}, {today_label} {today.isoformat()}. "
        f"{len(profile.jobs)} job(s), {len(thresholds)} threshold(s). "
        + ("; ".join(credential_bits) + "." if credential_bits else "")
    )
    return Roadmap(
        today=today,
        today_label=today_label,
        start=start,
        end=end,
        groups=groups,
        title="Roadmap: jobs, progress toward each threshold, and when each credential is reached",
        summary=summary,
    )


# -- drawing ------------------------------------------------------------------------------------

WIDTH = 1040
LABEL_W = 400
PLOT_X = LABEL_W + 20
PLOT_W = WIDTH - PLOT_X - 24
AXIS_H = 46
GROUP_H = 30
LANE_H = 40
LEGEND_H = 24 * 2 + 20

COLOURS: dict[str, str] = {
    "cm": "#0b6e4f",
    "supervisor": "#5b3a8c",
    "other": "#5c6670",
    "projected": "#1d4f91",
    "met": "#0b6e4f",
    "goal": "#9a4d00",
    "eligible": "#0b6e4f",
    "pending": "#1d4f91",
    "ink": "#1a1a1a",
    "muted": "#4a4f55",
    "grid": "#d5d9de",
    "today": "#b00020",
}


def _x(day: date, roadmap: Roadmap) -> float:
    span = max(1, (roadmap.end - roadmap.start).days)
    offset = min(max((day - roadmap.start).days, 0), span)
    return round(PLOT_X + PLOT_W * offset / span, 1)


def _text(x: float, y: float, body: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x}" y="{y}"{extra}>{escape(body)}</text>'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _axis(roadmap: Roadmap, height: float) -> list[str]:
    out = [f'<g class="axis" font-size="12" fill="{COLOURS["muted"]}">']
    years = roadmap.end.year - roadmap.start.year
    step = 1 if years <= 12 else 2 if years <= 24 else 5
    for year in range(roadmap.start.year, roadmap.end.year + 1):
        if (year - roadmap.start.year) % step:
            continue
        x = _x(date(year, 1, 1), roadmap)
        out.append(
            f'<line x1="{x}" y1="{AXIS_H - 10}" x2="{x}" y2="{height - LEGEND_H}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        out.append(_text(x, AXIS_H - 16, str(year), text_anchor="middle"))
    out.append("</g>")
    return out


def _lane_svg(lane: Lane, y: float, roadmap: Roadmap) -> list[str]:
    out = ['<g class="lane">', f"<title>{escape(lane.text)}</title>"]
    out.append(_text(12, y + 16, _clip(lane.label, 58), font_size="13", fill=COLOURS["ink"]))
    sub_x = 12
    if lane.progress is not None:
        bar_w = 56
        out.append(
            f'<rect x="12" y="{y + 23}" width="{bar_w}" height="9" fill="#ffffff" '
            f'stroke="{COLOURS["muted"]}" stroke-width="1"/>'
        )
        out.append(
            f'<rect x="12" y="{y + 23}" width="{round(bar_w * lane.progress, 1)}" height="9" '
            f'fill="{COLOURS["projected"]}"/>'
        )
        sub_x = 12 + bar_w + 8
    if lane.sublabel:
        limit = 64 if sub_x == 12 else 54
        out.append(
            _text(sub_x, y + 32, _clip(lane.sublabel, limit), font_size="11", fill=COLOURS["muted"])
        )
    bar_y = y + 12
    for seg in lane.segments:
        x1, x2 = _x(seg.start, roadmap), _x(seg.end, roadmap)
        if seg.start < roadmap.start:  # began before the axis: an arrow at the left edge
            out.append(
                f'<path d="M {PLOT_X - 2} {bar_y + 7} L {PLOT_X + 6} {bar_y - 1} '
                f'L {PLOT_X + 6} {bar_y + 15} Z" fill="{COLOURS["ink"]}"/>'
            )
            x1 += 8
        width = max(2.0, round(x2 - x1, 1))
        colour = COLOURS[seg.style]
        if seg.style in ("projected", "pending"):
            out.append(
                f'<rect x="{x1}" y="{bar_y}" width="{width}" height="14" fill="url(#hatch)" '
                f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            )
        else:
            out.append(
                f'<rect x="{x1}" y="{bar_y}" width="{width}" height="14" fill="{colour}" rx="2"/>'
            )
    for marker in lane.markers:
        x = _x(marker.on, roadmap)
        colour = COLOURS[marker.style]
        cy = bar_y + 7
        out.append(
            f'<path d="M {x} {cy - 8} L {x + 8} {cy} L {x} {cy + 8} L {x - 8} {cy} Z" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
        )
        anchor = "end" if x > PLOT_X + PLOT_W - 95 else "start"
        lx = x - 12 if anchor == "end" else x + 12
        out.append(
            _text(
                lx,
                cy + 4,
                marker.label,
                font_size="12",
                fill=COLOURS["ink"],
                text_anchor=anchor,
                font_weight="600",
            )
        )
    if lane.note:
        tx = _x(roadmap.today, roadmap)
        right = tx + 10 + 6.5 * len(lane.note) < PLOT_X + PLOT_W
        out.append(
            _text(
                tx + 10 if right else tx - 10,
                bar_y + 11,
                lane.note,
                font_size="12",
                fill=COLOURS["muted"],
                font_style="italic",
                text_anchor="start" if right else "end",
            )
        )
    out.append("</g>")
    return out


def _legend_key(kind: str, style: str, x: float, y: float) -> str:
    colour = COLOURS[style]
    if kind == "bar":
        return f'<rect x="{x}" y="{y}" width="22" height="12" fill="{colour}" rx="2"/>'
    if kind == "hatch":
        return (
            f'<rect x="{x}" y="{y}" width="22" height="12" fill="url(#hatch)" '
            f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    if kind == "diamond":
        return (
            f'<path d="M {x + 11} {y - 2} L {x + 19} {y + 6} L {x + 11} {y + 14} '
            f'L {x + 3} {y + 6} Z" fill="{colour}"/>'
        )
    if kind == "arrow":
        return (
            f'<path d="M {x + 4} {y + 6} L {x + 14} {y - 2} L {x + 14} {y + 14} Z" '
            f'fill="{colour}"/>'
        )
    return (
        f'<line x1="{x}" y1="{y + 6}" x2="{x + 22}" y2="{y + 6}" stroke="{colour}" '
        'stroke-width="2"/>'
    )


# Every mark the picture can draw, with its meaning (the legend is complete by construction:
# a test checks every style used by a lane has its entry).
LEGEND: tuple[tuple[str, str, str], ...] = (
    ("bar", "cm", "Case-management work"),
    ("bar", "supervisor", "Supervising case managers"),
    ("bar", "other", "Other work"),
    ("hatch", "projected", "Projected if your jobs continue"),
    ("diamond", "met", "Requirement met or credential reached"),
    ("diamond", "goal", "Date a requirement is met"),
    ("arrow", "ink", "Began before the first year shown"),
    ("line", "today", "Date judged on"),
)
LEGEND_ROW_H = 24
LEGEND_ROWS = 2


def _legend(y: float) -> list[str]:
    out = [f'<g class="legend" font-size="13" fill="{COLOURS["ink"]}">']
    x, row = 12.0, 0
    for kind, style, label in LEGEND:
        width = 34 + 7.6 * len(label)
        if x + width > WIDTH - 12:
            x, row = 12.0, row + 1
        top = y + row * LEGEND_ROW_H
        out.append(_legend_key(kind, style, x, top))
        out.append(_text(x + 28, top + 11, label))
        x += width + 14
    out.append("</g>")
    return out


def render_svg(roadmap: Roadmap, id_prefix: str = "roadmap") -> str:
    lanes = sum(len(g.lanes) for g in roadmap.groups)
    height = AXIS_H + GROUP_H * len(roadmap.groups) + LANE_H * lanes + LEGEND_H + 10
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    description = roadmap.summary + " " + " ".join(text for _, text in roadmap.sentences())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" class="roadmap">',
        f'<title id="{title_id}">{escape(roadmap.title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        "<defs>"
        '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#e8eef7"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COLOURS["projected"]}" stroke-width="1.5"/>'
        "</pattern></defs>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    out += _axis(roadmap, height)
    y = float(AXIS_H)
    for group in roadmap.groups:
        out.append(
            _text(12, y + 20, group.title, font_size="14", font_weight="700", fill=COLOURS["ink"])
        )
        out.append(
            f'<line x1="12" y1="{y + 26}" x2="{WIDTH - 12}" y2="{y + 26}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        y += GROUP_H
        for lane in group.lanes:
            out += _lane_svg(lane, y, roadmap)
            y += LANE_H
    tx = _x(roadmap.today, roadmap)
    out.append(
        f'<line x1="{tx}" y1="{AXIS_H - 8}" x2="{tx}" y2="{y}" stroke="{COLOURS["today"]}" '
        'stroke-width="2"/>'
    )
    out.append(
        _text(
            tx,
            AXIS_H - 30,
            f"{roadmap.today_label} {roadmap.today.isoformat()}",
            font_size="12",
            font_weight="700",
            fill=COLOURS["today"],
            text_anchor="middle",
        )
    )
    out += _legend(y + 14)
    out.append("</svg>")
    return "\n".join(out)


def roadmap_svg(profile: Profile, report: Report, today: date, today_label: str = "today") -> str:
    """The roadmap as an SVG document (with <title> and <desc>)."""
    return render_svg(build_roadmap(profile, report, today, today_label))
