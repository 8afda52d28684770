"""Item analysis of the course's assessments, over what learners answered at their first try:
pure statistics (``stats.py``) and the analysis of the stored tries (``item_analysis.py``),
which takes data objects and never reaches the store (the reads are
:mod:`widgets.actions.analysis`)."""
