"""Colours as a reader sees them, and WCAG's contrast between two of them."""


def luminance(rgb):
    """WCAG's relative luminance of an (r, g, b) colour."""
    channels = [c / 255 for c in rgb]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other):
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The colours an element shows: its text colour, and its background composed over those of
# the elements behind it (a translucent cell over the paper over the page), as (r, g, b).
SHOWN_COLOURS = r"""element => {
    const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
        const [r, g, b, a = 1] = parse(getComputedStyle(e).backgroundColor);
        if (a > 0) layers.push([r, g, b, a]);
        if (a >= 1) break;
    }
    let shown = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
        shown = [r * a + shown[0] * (1 - a), g * a + shown[1] * (1 - a), b * a + shown[2] * (1 - a)];
    }
    return {text: parse(getComputedStyle(element).color).slice(0, 3), background: shown};
}"""
