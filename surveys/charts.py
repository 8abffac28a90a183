"""The share feeling safe over time as a plain SVG string (no JavaScript), for the
dashboard and the weekly picture's PDF, drawn like picture/charts.py.

One chart per area (or organisation): the share at each survey's period_end as a line
with dots, the 95 % Wilson interval as a band, and the target of each year as a dashed
line (including the next year's target when the last survey is older). Dots of shares
with n under 30 are hollow: uncertain. Shares under the minimum cell size (n < 10) and
surveys still open are not drawn at all. One line per provider: rounds of different
providers are not joined. Every piece of text is XML-escaped.
"""

import math
from datetime import date, timedelta
from html import escape

from django.utils.translation import gettext

from picture.charts import FONT
from surveys import bank
from surveys.indicators import Series, change_text, hidden_text, percent, share_text
from surveys.targets import overview, status_label

LINE = "#0b5cad"
TARGET = "#b35c00"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
            f'class="share-chart" {FONT}><title>{escape(label)}</title>'
            + "".join(body) + "</svg>")


def _y_range(values: list[float]) -> tuple[int, int]:
    """Whole tens around the values (in per cent), at least 20 points tall, inside 0–100."""
    low = max(0, int(math.floor((min(values) - 3) / 10) * 10))
    high = min(100, int(math.ceil((max(values) + 3) / 10) * 10))
    while high - low < 20:
        if high < 100:
            high += 10
        else:
            low -= 10
    return low, high


def _tick(point_date: date, by_year: bool) -> str:
    return str(point_date.year) if by_year else f"{point_date:%Y-%m}"


def share_svg(series: Series, targets: dict[int, float] | None = None, width: int = 360,
              height: int = 190, title: str | None = None) -> str:
    """The series' share over time with its interval band and targets (year -> 0..1)."""
    targets = targets or {}
    label = title or gettext("Andel över tid: %(name)s") % {"name": series.name}
    points = [p for p in series.points if p.share.n and not p.hidden]
    left, right, top, bottom = 34, width - 10, 10, height - 44
    if not points:
        empty = escape(gettext("Ingen mätning ännu"))
        return _svg(width, height, [
            f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
            'fill="#fff" stroke="#ccc"/>',
            f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" font-size="12" '
            f'text-anchor="middle" fill="#666">{empty}</text>'], label)

    dates = [p.period.period_end for p in points]
    first, last = min(dates), max(dates)
    later = [y for y in targets if y > last.year]
    if later:  # show where the series is heading: next year's target
        last = max(last, date(min(later), 12, 31))
    span = (last - first).days
    pad = timedelta(days=max(45, round(span * 0.06))) if span else timedelta(days=180)
    x0, x1 = first - pad, last + pad

    def x(d: date) -> float:
        return left + (d - x0).days * (right - left) / max((x1 - x0).days, 1)

    shown_targets = {y: t for y, t in targets.items()
                     if date(y, 12, 31) >= x0 and date(y, 1, 1) <= x1}
    values = [100 * v for p in points for v in p.share.interval]
    values += [100 * t for t in shown_targets.values()]
    y_low, y_high = _y_range(values)

    def y(value: float) -> float:  # value 0..1
        return bottom - (100 * value - y_low) * (bottom - top) / (y_high - y_low)

    body = [f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
            'fill="#fff" stroke="#ccc"/>']
    step = 10 if y_high - y_low <= 50 else 20
    for v in range(y_low, y_high + 1, step):
        yy = y(v / 100)
        body.append(f'<line x1="{left}" x2="{right}" y1="{yy:.1f}" y2="{yy:.1f}" '
                    'stroke="#e4e4e4"/>')
        body.append(f'<text x="{left - 4}" y="{yy + 3.5:.1f}" font-size="10" '
                    f'text-anchor="end" fill="#444">{v} %</text>')

    # The interval band (a bar for a single point), then the line and the dots.
    if len(points) > 1:
        upper = [f"{x(p.period.period_end):.1f},{y(p.share.interval[1]):.1f}" for p in points]
        lower = [f"{x(p.period.period_end):.1f},{y(p.share.interval[0]):.1f}"
                 for p in reversed(points)]
        body.append(f'<polygon class="interval" points="{" ".join(upper + lower)}" '
                    f'fill="{LINE}" fill-opacity="0.15" stroke="none"/>')
        for provider in dict.fromkeys(p.period.provider for p in points):
            own = [p for p in points if p.period.provider == provider]
            if len(own) < 2:
                continue
            line = " ".join(f"{x(p.period.period_end):.1f},{y(p.share.p):.1f}" for p in own)
            body.append(f'<polyline class="share" points="{line}" fill="none" '
                        f'stroke="{LINE}" stroke-width="2" stroke-linejoin="round"/>')
    else:
        p = points[0]
        px = x(p.period.period_end)
        body.append(f'<rect class="interval" x="{px - 6:.1f}" y="{y(p.share.interval[1]):.1f}" '
                    f'width="12" height="{y(p.share.interval[0]) - y(p.share.interval[1]):.1f}" '
                    f'fill="{LINE}" fill-opacity="0.15"/>')

    # Targets: a dashed line over each year that has one.
    previous = None
    for year in sorted(shown_targets):
        t = shown_targets[year]
        sx, ex = x(max(date(year, 1, 1), x0)), x(min(date(year, 12, 31), x1))
        body.append(f'<line class="target" x1="{sx:.1f}" x2="{ex:.1f}" y1="{y(t):.1f}" '
                    f'y2="{y(t):.1f}" stroke="{TARGET}" stroke-width="1.6" '
                    'stroke-dasharray="5,3"/>')
        if t != previous:
            text = escape(gettext("Mål %(year)s: %(target)s")
                          % {"year": year, "target": percent(t)})
            anchor, tx = ("end", ex - 2) if ex > (left + right) / 2 else ("start", sx + 2)
            body.append(f'<text x="{tx:.1f}" y="{y(t) - 4:.1f}" font-size="9.5" '
                        f'text-anchor="{anchor}" fill="{TARGET}">{text}</text>')
        previous = t

    by_year = len({d.year for d in dates}) == len(dates)
    every = max(1, math.ceil(len(points) / 6))
    for i, p in enumerate(points):
        px, py = x(p.period.period_end), y(p.share.p)
        hollow = p.share.uncertain
        tip = escape(f"{p.period.title}: {share_text(p.share)}")
        body.append(f'<circle class="dot{" uncertain" if hollow else ""}" cx="{px:.1f}" '
                    f'cy="{py:.1f}" r="3.6" fill="{"#fff" if hollow else LINE}" '
                    f'stroke="{LINE}" stroke-width="1.6"><title>{tip}</title></circle>')
        if (len(points) - 1 - i) % every == 0:
            body.append(f'<text x="{px:.1f}" y="{bottom + 13}" font-size="10" '
                        f'text-anchor="middle" fill="#444">'
                        f'{escape(_tick(p.period.period_end, by_year))}</text>')
    latest = points[-1]

    # Legend under the axis.
    ly0 = bottom + 30
    legend = [
        (f'<line x1="0" x2="14" y1="0" y2="0" stroke="{LINE}" stroke-width="2"/>'
         f'<circle cx="7" cy="0" r="3" fill="{LINE}"/>', gettext("Andel")),
        (f'<rect x="0" y="-5" width="14" height="10" fill="{LINE}" fill-opacity="0.15"/>',
         gettext("95 % KI")),
        (f'<line x1="0" x2="14" y1="0" y2="0" stroke="{TARGET}" stroke-width="1.6" '
         'stroke-dasharray="5,3"/>', gettext("Mål")),
        (f'<circle cx="7" cy="0" r="3" fill="#fff" stroke="{LINE}" stroke-width="1.4"/>',
         gettext("n < 30")),
    ]
    lx0 = left
    for mark, text in legend:
        body.append(f'<g transform="translate({lx0},{ly0})">{mark}<text x="18" y="3.5" '
                    f'font-size="10" fill="#333">{escape(text)}</text></g>')
        lx0 += 26 + 6 * len(text)
    body.append(f'<desc>{escape(f"{latest.period.title}: {share_text(latest.share)}")}</desc>')
    return _svg(width, height, body, label)


def area_figures(user, collaboration, question: str | None = None, width: int = 340,
                 height: int = 180) -> list[dict]:
    """Per area with answers: its chart and one line of figures, for the weekly picture's
    PDF. Only the surveys the user may see (surveys.indicators.load)."""
    return survey_section(user, collaboration, question, width, height)["figures"]


def survey_section(user, collaboration, question: str | None = None, width: int = 340,
                   height: int = 180) -> dict:
    """The weekly picture's survey section: ``figures`` (area_figures) and
    ``has_unshared`` (some figures come from surveys not shared with the collaboration,
    so the document needs a notice)."""
    view = overview(user, collaboration, question or bank.MAIN)
    figures = []
    for series in view.areas:
        latest = series.latest
        if latest is None:
            continue
        figures.append({
            "name": series.name,
            "svg": share_svg(series, view.lines(series), width=width, height=height),
            "period": latest.period.title,
            "share": hidden_text(latest) if latest.hidden else share_text(latest.share),
            "uncertain": latest.share.uncertain and not latest.hidden,
            "change": "–" if latest.hidden else change_text(latest.change),
            "internal": not latest.period.shared,
            "target": percent(latest.target) if latest.target is not None else None,
            "year": latest.period.year,
            "status": latest.target_status,
            "status_label": status_label(latest.target_status),
        })
    return {"figures": figures, "has_unshared": view.data.has_unshared}
