"""The effect chart as a plain SVG string (no JavaScript), in the style of picture/charts.py.

Weekly reports in the measure's area against the comparable areas' mean per area, scaled
to the area's level before the measure (so lines that stay parallel mean no effect), with
the implementation period shaded. Every text is XML-escaped and translated when drawn.
"""

import math
from html import escape

from django.utils.translation import gettext

from measures.effect import EffectResult
from picture.charts import PALETTE, _nice_step, _svg

TREATED, COMPARISON = PALETTE[0], PALETTE[1]


def effect_svg(result: EffectResult, width: int = 720, height: int = 240) -> str:
    weeks, treated, comparison = result.weeks, result.treated, result.comparison
    legend_w = 190
    left, right, top, bottom = 36, width - legend_w, 12, height - 26
    n = max(len(weeks), 2)
    highest = max([*treated, *comparison, 0])
    step = _nice_step(highest)
    y_max = step * max(1, math.ceil(highest / step))

    def x(i: float) -> float:
        return left + i * (right - left) / (n - 1)

    def y(v: float) -> float:
        return bottom - v * (bottom - top) / y_max

    body = [f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
            'fill="#fff" stroke="#ccc"/>']
    impl = result.windows.implementation if result.windows else ()
    inside = [i for i, w in enumerate(weeks) if w in impl]
    if inside:
        x0, x1 = x(max(inside[0] - 0.5, 0)), x(min(inside[-1] + 0.5, n - 1))
        body.append(f'<rect class="implementation" x="{x0:.1f}" y="{top}" '
                    f'width="{max(x1 - x0, 2):.1f}" height="{bottom - top}" fill="#e8e8e8"/>')
        body.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{top + 11}" font-size="9" '
                    f'text-anchor="middle" fill="#555">{escape(gettext("Genomförande"))}'
                    '</text>')
    for v in range(0, y_max + 1, step):
        body.append(f'<line x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                    'stroke="#e4e4e4"/>')
        body.append(f'<text x="{left - 5}" y="{y(v) + 3.5:.1f}" font-size="10" '
                    f'text-anchor="end" fill="#444">{v}</text>')
    every = max(1, math.ceil(len(weeks) / 10))
    for i, week in enumerate(weeks):
        if i % every == 0:
            tick = escape(gettext("V%(week)s") % {"week": week % 100})
            body.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom}" '
                        f'y2="{bottom + 4}" stroke="#888"/>')
            body.append(f'<text x="{x(i):.1f}" y="{bottom + 15}" font-size="10" '
                        f'text-anchor="middle" fill="#444">{tick}</text>')
    lines = [(result.area_name or gettext("Åtgärdens område"), treated, TREATED, ""),
             (gettext("Jämförbara områden (skalat)"), comparison, COMPARISON,
              ' stroke-dasharray="5,3"')]
    for k, (name, values, colour, dash) in enumerate(lines):
        if values:
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
            body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                        f'stroke-width="1.8" stroke-linejoin="round"{dash}/>')
        ly = top + 8 + k * 17
        body.append(f'<rect x="{right + 14}" y="{ly - 6}" width="14" height="4" '
                    f'fill="{colour}"/>')
        body.append(f'<text x="{right + 33}" y="{ly}" font-size="11" fill="#222">'
                    f'{escape(name[:28])}</text>')
    if not weeks:
        empty = escape(gettext("Inga veckor att visa"))
        body.append(f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" font-size="12" '
                    f'text-anchor="middle" fill="#666">{empty}</text>')
    label = gettext("Rapporter per vecka före och efter åtgärden")
    return _svg(width, height, body, label)
