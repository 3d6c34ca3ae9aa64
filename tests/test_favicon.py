"""The portal has an icon: named by every page, and where browsers look without being told."""

from __future__ import annotations

import re
import struct


def test_favicon_ico_answers_with_an_icon_a_browser_may_keep(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    reserved, kind, count = struct.unpack("<HHH", response.data[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # an icon file, with an image
    cache = response.headers["Cache-Control"]
    assert "no-store" not in cache and "max-age" in cache
    response.close()


def test_every_page_names_the_icon_and_the_icon_is_served(client):
    page = client.get("/").get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link is not None
    icon = client.get(link.group(1))
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
    icon.close()
