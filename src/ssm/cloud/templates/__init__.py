"""The HTML templates of the pages (a package so they ship with the wheel)."""
