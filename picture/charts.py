"""The picture's charts as plain SVG strings (no JavaScript), for the web page and the PDF.

``series_svg`` draws the 52-week line chart of report counts per area; ``map_svg`` draws a
static map without tiles: area outlines, H3 hexagons shaded by count, Gi* hotspots, report
points and recurring places. Every piece of text is XML-escaped and in the active
language (translated when the chart is drawn).
"""

import math
from html import escape

import h3
from django.utils.translation import gettext

from picture.map import MapData
from picture.recurrence import RecurringPlace
from picture.weekly import WeeklyPicture
from reports import categories

PALETTE = ["#1f5fa8", "#d9731a", "#2e8b57", "#8e44ad", "#c0392b", "#16a2b8", "#7f8c8d",
           "#b8860b", "#e84393", "#34495e"]
LEVEL_COLOURS = {"acute": "#d62728", "disturbance": "#f08c00", "preventive": "#1f77b4"}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {FONT}>'
            + "".join(body) + "</svg>")


def _nice_step(top: float, ticks: int = 5) -> int:
    raw = max(top, 1) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, int(factor * magnitude))
    return max(1, int(10 * magnitude))


def series_svg(picture: WeeklyPicture, width: int = 720, height: int = 260) -> str:
    """Weekly report counts over the series weeks, one line per area."""
    weeks_, series = picture.series_weeks, picture.series
    legend_w = 150
    left, right, top, bottom = 36, width - legend_w, 12, height - 26
    n = max(len(weeks_), 2)
    highest = max((max(c, default=0) for _, c in series), default=0)
    step = _nice_step(highest)
    y_max = step * max(1, math.ceil(highest / step))

    def x(i: int) -> float:
        return left + i * (right - left) / (n - 1)

    def y(v: float) -> float:
        return bottom - v * (bottom - top) / y_max

    body = [f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
            'fill="#fff" stroke="#ccc"/>']
    for v in range(0, y_max + 1, step):
        body.append(f'<line x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                    'stroke="#e4e4e4"/>')
        body.append(f'<text x="{left - 5}" y="{y(v) + 3.5:.1f}" font-size="10" '
                    f'text-anchor="end" fill="#444">{v}</text>')
    for i, week in enumerate(weeks_):
        if (len(weeks_) - 1 - i) % 8 == 0:
            tick = escape(gettext("V%(week)s") % {"week": week % 100})
            body.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom}" '
                        f'y2="{bottom + 4}" stroke="#888"/>')
            body.append(f'<text x="{x(i):.1f}" y="{bottom + 15}" font-size="10" '
                        f'text-anchor="middle" fill="#444">{tick}</text>')
    if picture.week in weeks_:
        mx = x(weeks_.index(picture.week))
        body.append(f'<line class="this-week" x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" '
                    f'y2="{bottom}" stroke="#000" stroke-dasharray="3,3"/>')
        body.append(f'<text x="{mx - 4:.1f}" y="{top + 10}" font-size="9" text-anchor="end" '
                    f'fill="#000">{escape(picture.week_label)}</text>')
    for k, (name, counts) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(counts))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    'stroke-width="1.8" stroke-linejoin="round"/>')
        ly = top + 8 + k * 17
        body.append(f'<rect x="{right + 14}" y="{ly - 6}" width="14" height="4" '
                    f'fill="{colour}"/>')
        body.append(f'<text x="{right + 33}" y="{ly}" font-size="11" fill="#222">'
                    f'{escape(name[:22])}</text>')
    if not series:
        empty = escape(gettext("Inga rapporter under perioden"))
        body.append(f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" font-size="12" '
                    f'text-anchor="middle" fill="#666">{empty}</text>')
    label = gettext("Rapporter per vecka och område till %(week)s") % {"week": picture.week_label}
    return _svg(width, height, body, label)


def _rings(polygon: dict) -> list[list[list[float]]]:
    """Outer rings of a GeoJSON Polygon or MultiPolygon, as [[lon, lat], ...]."""
    if polygon.get("type") == "MultiPolygon":
        return [p[0] for p in polygon.get("coordinates", []) if p]
    coordinates = polygon.get("coordinates") or []
    return [coordinates[0]] if coordinates else []


class _Projection:
    """Equirectangular, x scaled by cos(mean latitude), fitted into the box with padding."""

    def __init__(self, lats: list[float], lons: list[float], width: int, height: int,
                 pad: int = 24):
        self.lat0, self.lon0 = max(lats), min(lons)
        self.k = math.cos(math.radians((max(lats) + min(lats)) / 2))
        span_x = max((max(lons) - self.lon0) * self.k, 1e-6)
        span_y = max(self.lat0 - min(lats), 1e-6)
        self.scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.dx = (width - span_x * self.scale) / 2
        self.dy = (height - span_y * self.scale) / 2

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self.lon0) * self.k * self.scale + self.dx,
                (self.lat0 - lat) * self.scale + self.dy)

    def points(self, latlons) -> str:
        return " ".join("{:.1f},{:.1f}".format(*self(lat, lon)) for lat, lon in latlons)


def _scale_bar(proj: _Projection, height: int, right: bool = False,
               width: int = 0) -> list[str]:
    metres_per_px = 111_320 / proj.scale
    metres = next((m for m in (100, 200, 500, 1000, 2000, 5000, 10000, 20000)
                   if m / metres_per_px >= 60), 50000)
    length = metres / metres_per_px
    label = f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"
    x0, y0 = (width - 12 - length if right else 12), height - 14
    return [f'<line x1="{x0:.1f}" x2="{x0 + length:.1f}" y1="{y0}" y2="{y0}" stroke="#333" '
            'stroke-width="2"/>',
            f'<text x="{x0 + length / 2:.1f}" y="{y0 - 4}" font-size="10" text-anchor="middle" '
            f'fill="#333">{label}</text>']


def map_svg(map_data: MapData, recurring: list[RecurringPlace] = (), width: int = 720,
            height: int = 480) -> str:
    """A static map of the week: areas, shaded hexagons, hotspots, points, recurring places."""
    placed = [r for r in recurring if r.latitude is not None]
    lats, lons = [], []
    for area in map_data.areas:
        for ring in _rings(area["polygon"]):
            lons += [c[0] for c in ring]
            lats += [c[1] for c in ring]
    if not lats:
        lats = [p["latitude"] for p in map_data.points] + [r.latitude for r in placed]
        lons = [p["longitude"] for p in map_data.points] + [r.longitude for r in placed]
    if not lats:
        empty = escape(gettext("Inga områden eller rapporter att visa"))
        return _svg(width, height, [
            f'<rect width="{width}" height="{height}" fill="#f4f4f0"/>',
            f'<text x="{width / 2}" y="{height / 2}" font-size="13" text-anchor="middle" '
            f'fill="#666">{empty}</text>'], gettext("Karta"))
    proj = _Projection(lats, lons, width, height)
    body, occupied = [f'<rect width="{width}" height="{height}" fill="#f4f4f0"/>'], []
    labels = []
    for area in map_data.areas:
        for k, ring in enumerate(_rings(area["polygon"])):
            xy = [proj(c[1], c[0]) for c in ring]
            occupied += xy
            body.append('<polygon class="area" points="'
                        + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
                        + '" fill="#fff" stroke="#555" stroke-width="1.2"/>')
            if k == 0:  # name above the polygon (below it if there is no room)
                top, bottom = min(y for _, y in xy), max(y for _, y in xy)
                y = top - 6 if top > 22 else bottom + 16
                labels.append(((min(x for x, _ in xy) + max(x for x, _ in xy)) / 2, y,
                               escape(area["name"])))
    most = max((c["count"] for c in map_data.cells), default=1)
    for cell in map_data.cells:
        opacity = 0.15 + 0.6 * cell["count"] / most
        body.append(f'<polygon class="cell" points="{proj.points(cell["boundary"])}" '
                    f'fill="#e6550d" fill-opacity="{opacity:.2f}" stroke="#e6550d" '
                    'stroke-opacity="0.4" stroke-width="0.5"/>')
    for spot in map_data.hotspots:
        outline = proj.points(h3.cell_to_boundary(spot.cell))
        body.append(f'<polygon class="hotspot" points="{outline}" fill="none" stroke="#c00" '
                    'stroke-width="2.2"/>')
    for point in map_data.points:
        px, py = proj(point["latitude"], point["longitude"])
        occupied.append((px, py))
        colour = LEVEL_COLOURS.get(point["level"], "#555")
        body.append(f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}" '
                    'stroke="#fff" stroke-width="0.6"/>')
    for x, y, name in labels:
        for paint in ('fill="#fff" stroke="#fff" stroke-width="3"', 'fill="#333"'):
            body.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="13" font-weight="bold" '
                        f'text-anchor="middle" {paint}>{name}</text>')
    markers: list[tuple[float, float, list[tuple[int, RecurringPlace]]]] = []
    for number, spot in enumerate(recurring, 1):  # numbered as in the PDF's table
        if spot.latitude is None:
            continue
        rx, ry = proj(spot.latitude, spot.longitude)
        near = next((m for m in markers if abs(m[1] - ry) < 18
                     and abs(m[0] - rx) < _pill_width(_pill_text(m[2])) / 2 + 10), None)
        if near is None:  # places whose markers would overlap share one marker
            markers.append((rx, ry, [(number, spot)]))
        else:
            near[2].append((number, spot))
    for rx, ry, group in markers:
        occupied.append((rx, ry))
        text = _pill_text(group)
        w = _pill_width(text)
        title = escape("; ".join(f"{n}. {s.label} – {s.group_label}" for n, s in group))
        body.append(f'<g class="recurring"><title>{title}</title>'
                    f'<rect x="{rx - w / 2:.1f}" y="{ry - 8:.1f}" width="{w:.1f}" height="16" '
                    'rx="8" fill="#5b2c83" stroke="#fff" stroke-width="1.5"/>'
                    f'<text x="{rx:.1f}" y="{ry + 3.5:.1f}" font-size="10" font-weight="bold" '
                    f'text-anchor="middle" fill="#fff">{text}</text></g>')
    legend, corner = _map_legend(bool(markers))
    x0, y0 = _emptiest_corner(occupied, width, height, *corner)
    body.append(f'<g transform="translate({x0:.0f},{y0:.0f})">{"".join(legend)}</g>')
    body += _scale_bar(proj, height, right=x0 < width / 2 and y0 > height / 2, width=width)
    return _svg(width, height, body, gettext("Karta över veckans rapporter"))


def _pill_text(group) -> str:
    numbers = [str(n) for n, _ in group]
    return "·".join(numbers[:3]) + (f" +{len(numbers) - 3}" if len(numbers) > 3 else "")


def _pill_width(text: str) -> float:
    return max(16, 6.2 * len(text) + 8)


def _emptiest_corner(occupied, width, height, w, h, margin=8):
    """Top-left of the corner box (w × h) that covers the fewest drawn things."""
    corners = [(width - w - margin, margin), (margin, margin),
               (width - w - margin, height - h - margin), (margin, height - h - margin)]
    return min(corners, key=lambda c: sum(c[0] <= x <= c[0] + w and c[1] <= y <= c[1] + h
                                          for x, y in occupied))


def _map_legend(with_recurring: bool) -> tuple[list[str], tuple[int, int]]:
    items = [(f'<circle cx="8" cy="0" r="3.5" fill="{colour}"/>',
              categories.Level(level).label) for level, colour in LEVEL_COLOURS.items()]
    items.append(('<rect x="2" y="-5" width="12" height="10" fill="#e6550d" '
                  'fill-opacity="0.5"/>', gettext("Rapporter i cell")))
    items.append(('<rect x="2" y="-5" width="12" height="10" fill="none" stroke="#c00" '
                  'stroke-width="2"/>', gettext("Hotspot (Gi*)")))
    if with_recurring:
        items.append(('<rect x="1" y="-6" width="14" height="12" rx="6" fill="#5b2c83"/>',
                      gettext("Återkommande plats")))
    size = (138, len(items) * 16 + 8)
    body = [f'<rect width="{size[0]}" height="{size[1]}" fill="#fff" fill-opacity="0.9" '
            'stroke="#bbb"/>']
    for i, (mark, text) in enumerate(items):
        body.append(f'<g transform="translate(6,{13 + i * 16})">{mark}'
                    f'<text x="20" y="4" font-size="10" fill="#222">{escape(text)}</text></g>')
    return body, size
