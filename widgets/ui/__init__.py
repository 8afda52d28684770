"""Small UI parts shared by every widget: escaping, the stylesheet, accessible controls,
timers in the browser, downloads, and the stable shuffles of options."""
