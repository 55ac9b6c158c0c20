"""The readout reader: turns the text of a readout into a draft event, its participants and
its attributed statements. Pure functions; saving lives in `store`."""

from .reader import Extraction, read_readout
from .text import MAX_BYTES, ReadoutError, decode, html_to_text, looks_like_html

__all__ = [
    "MAX_BYTES",
    "Extraction",
    "ReadoutError",
    "decode",
    "html_to_text",
    "looks_like_html",
    "read_readout",
]
