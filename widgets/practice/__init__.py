"""Practice widgets: what a learner answers and plays on a module page.

Each takes content models and reports what the learner did through callbacks; none reads
files or touches the store (``widgets.pages`` wires them to it).
"""
